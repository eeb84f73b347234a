package io.quarry.randomx.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Share, job and block counts of one work path ({@code source} = {@code pool}, {@code daemon} or
 * {@code stratum}), kept for the stats page and registered as Micrometer meters with fixed names:
 * {@code quarry.randomx.shares.accepted{source}}, {@code quarry.randomx.shares.rejected{source,reason}},
 * {@code quarry.randomx.jobs.refused{source,reason}} and {@code quarry.randomx.blocks.submitted{source,result}}
 * (Prometheus: {@code quarry_randomx_shares_rejected_total{reason="low_difficulty",...}}). Reasons are the
 * fixed tags of {@link SubmitResult} and {@link InvalidJobException}, so the tag set stays small.
 */
public final class ShareCounters {

    private final MeterRegistry registry;
    private final String source;
    private final Counter acceptedMeter;
    private final AtomicLong accepted = new AtomicLong();
    private final Map<String, AtomicLong> rejected = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
    private final AtomicLong blocksAccepted = new AtomicLong();
    private final AtomicLong blocksRejected = new AtomicLong();

    public ShareCounters(MeterRegistry registry, String source) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.source = Objects.requireNonNull(source, "source");
        this.acceptedMeter = Counter.builder("quarry.randomx.shares.accepted").tag("source", source)
                .description("Shares accepted").register(registry);
    }

    /** A share was accepted. */
    public void accepted() {
        accepted.incrementAndGet();
        acceptedMeter.increment();
    }

    /** A share was rejected for {@code reason}. */
    public void rejected(String reason) {
        bump(rejected, "quarry.randomx.shares.rejected", "Shares rejected, by reason", reason);
    }

    /** A job from upstream was refused for {@code reason}. */
    public void jobRefused(String reason) {
        bump(refused, "quarry.randomx.jobs.refused", "Upstream jobs refused as unusable, by reason", reason);
    }

    /** A block was submitted to monerod and accepted or not. */
    public void blockSubmitted(boolean wasAccepted) {
        (wasAccepted ? blocksAccepted : blocksRejected).incrementAndGet();
        Counter.builder("quarry.randomx.blocks.submitted").tag("source", source)
                .tag("result", wasAccepted ? "accepted" : "rejected").description("Blocks submitted to monerod")
                .register(registry).increment();
    }

    public long acceptedCount() {
        return accepted.get();
    }

    public long rejectedCount() {
        return rejected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Rejections by reason, sorted by reason. */
    public Map<String, Long> rejectedByReason() {
        return snapshot(rejected);
    }

    /** Refused jobs by reason, sorted by reason. */
    public Map<String, Long> jobsRefusedByReason() {
        return snapshot(refused);
    }

    /** Blocks monerod accepted. */
    public long blocksFound() {
        return blocksAccepted.get();
    }

    /** Blocks monerod turned down. */
    public long blocksRejected() {
        return blocksRejected.get();
    }

    private void bump(Map<String, AtomicLong> counts, String meter, String description, String reason) {
        Objects.requireNonNull(reason, "reason");
        counts.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        Counter.builder(meter).tag("source", source).tag("reason", reason).description(description)
                .register(registry).increment();
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
