package io.quarry.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The plugin's meters, named {@code quarry.storage.*} (Prometheus: {@code quarry_storage_*}); docs/plugins.md
 * lists them.
 */
public final class StorageMetrics {

    private final MeterRegistry registry;

    /** Meters on {@code registry}. */
    public StorageMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The registry, for gauges. */
    public MeterRegistry registry() {
        return registry;
    }

    /** {@code quarry_storage_refused_total{op, code}}: requests refused, by operation and reason code. */
    public void refused(String op, String code) {
        Counter.builder("quarry.storage.refused").tag("op", op).tag("code", code).register(registry).increment();
    }

    /** {@code quarry_storage_ops_total{op}}: requests served, by operation. */
    public void served(String op) {
        Counter.builder("quarry.storage.ops").tag("op", op).register(registry).increment();
    }

    /** {@code quarry_storage_bytes_total{direction}}: shard bytes stored ("in") or served ("out"). */
    public void bytes(String direction, long count) {
        Counter.builder("quarry.storage.bytes").tag("direction", direction).register(registry).increment(count);
    }

    /** {@code quarry_storage_challenges_total{result}}: challenges answered or verified, passed or failed. */
    public void challenge(String result) {
        Counter.builder("quarry.storage.challenges").tag("result", result).register(registry).increment();
    }

    /** The current count of a counter, 0 when never incremented (for tests and the panel). */
    public double count(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
