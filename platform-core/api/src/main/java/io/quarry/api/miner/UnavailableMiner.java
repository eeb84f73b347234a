package io.quarry.api.miner;

import java.util.List;
import java.util.Objects;

/**
 * A miner that cannot run on this node, registered so operators see it and why: a missing library or
 * device, or a miner type whose implementation has not landed yet. Starting it fails with the reason.
 *
 * @param id the miner id
 * @param kind the miner kind
 * @param reason what is missing and what to do about it
 */
public record UnavailableMiner(String id, String kind, String reason) implements Miner {

    public UnavailableMiner {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public MinerState state() {
        return MinerState.UNAVAILABLE;
    }

    @Override
    public String stateDetail() {
        return reason;
    }

    @Override
    public void start() {
        throw new IllegalStateException("miner " + id + " cannot start: " + reason);
    }

    @Override
    public void stop() {
        // Never started, nothing to stop.
    }

    @Override
    public MinerStats stats() {
        return MinerStats.idle();
    }

    @Override
    public List<String> recentLogs(int max) {
        return List.of();
    }
}
