package io.quarry.poies.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarry.api.miner.HashrateMeter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters listed in {@code docs/plugins.md} for poies-miner, under those names (Prometheus adds {@code _total} to
 * counters and {@code _seconds} to timers):
 * <ul>
 *   <li>{@code animica_miner_hashrate_shares_per_sec}: shares admitted per second, over the last 60 s, from every
 *       source (the local device and outside miners)</li>
 *   <li>{@code animica_miner_submit_latency_seconds}: time to admit (and, for a block, seal and persist) one
 *       submitted share, from every endpoint</li>
 *   <li>{@code animica_miner_shares_rejected_total{reason}}: refused shares by {@link SubmitResult} reason code</li>
 *   <li>{@code animica_miner_selected_proofs_total{type}}: proofs attached to sealed blocks, by type
 *       (hash, ai, quantum, storage, vdf)</li>
 *   <li>{@code animica_miner_blocks_sealed_total}: blocks sealed by this node</li>
 * </ul>
 */
public final class PoiesMetrics {

    private final MeterRegistry registry;
    private final HashrateMeter acceptedShares;
    private final Timer submitLatency;
    private final Counter blocksSealed;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<String, Counter> selected = new ConcurrentHashMap<>();

    public PoiesMetrics(MeterRegistry registry, HashrateMeter acceptedShares) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.acceptedShares = Objects.requireNonNull(acceptedShares, "acceptedShares");
        Gauge.builder("animica_miner_hashrate_shares_per_sec", acceptedShares, m -> m.rates().sixtySeconds())
                .description("Shares admitted per second over the last minute (local device and outside miners)")
                .register(registry);
        this.submitLatency = Timer.builder("animica_miner_submit_latency")
                .description("Time to admit one submitted share, including sealing when it makes a block")
                .publishPercentileHistogram(false)
                .register(registry);
        this.blocksSealed = Counter.builder("animica_miner_blocks_sealed")
                .description("Blocks sealed by this node").register(registry);
        for (String type : new String[] {"hash", "ai", "quantum", "storage", "vdf"}) {
            selectedCounter(type); // present at 0 from the start, so dashboards see every type
        }
    }

    /** Counts one admitted share. */
    public void shareAccepted() {
        acceptedShares.record(1);
    }

    /** Counts one refused share. */
    public void shareRejected(String reason) {
        rejected.computeIfAbsent(reason, r -> Counter.builder("animica_miner_shares_rejected")
                .description("Shares refused, by reason").tag("reason", r).register(registry)).increment();
    }

    /** Records how long one submission took. */
    public void submitLatency(Duration duration) {
        submitLatency.record(duration);
    }

    /** Counts a sealed block and the proofs attached to it, by type key. */
    public void blockSealed(Iterable<String> proofTypes) {
        blocksSealed.increment();
        for (String type : proofTypes) {
            selectedCounter(type).increment();
        }
    }

    /** Blocks sealed so far. */
    public long blocksSealed() {
        return (long) blocksSealed.count();
    }

    /** Shares refused so far, all reasons. */
    public long sharesRejected() {
        return (long) rejected.values().stream().mapToDouble(Counter::count).sum();
    }

    /** Shares refused so far for {@code reason}. */
    public long sharesRejected(String reason) {
        Counter counter = rejected.get(reason);
        return counter == null ? 0 : (long) counter.count();
    }

    /** Shares refused so far, by reason code, sorted by code (reasons never seen are absent). */
    public Map<String, Long> rejectedByReason() {
        Map<String, Long> out = new TreeMap<>();
        rejected.forEach((reason, counter) -> out.put(reason, (long) counter.count()));
        return out;
    }

    /** The admitted-share meter. */
    public HashrateMeter acceptedShares() {
        return acceptedShares;
    }

    private Counter selectedCounter(String type) {
        return selected.computeIfAbsent(type.toLowerCase(Locale.ROOT), t -> Counter.builder(
                "animica_miner_selected_proofs").description("Proofs attached to sealed blocks, by type")
                .tag("type", t).register(registry));
    }
}
