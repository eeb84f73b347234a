package io.quarry.fleet.protocol;

import java.util.Objects;

/**
 * The {@code stop_miner} payload.
 *
 * @param miner the miner id on the worker
 */
public record StopMiner(String miner) {

    public StopMiner {
        Objects.requireNonNull(miner, "miner");
    }
}
