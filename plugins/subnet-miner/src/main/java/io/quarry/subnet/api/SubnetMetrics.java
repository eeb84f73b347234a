package io.quarry.subnet.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code quarry_subnet_requests_total{route,status}} and {@code quarry_subnet_request_seconds{route}}, plus
 * running totals the stats route and the panel show.
 */
public final class SubnetMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();

    public SubnetMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one answered request. Routes are the registered ones (or "other"), so tags stay bounded. */
    public void record(String route, int status, Duration elapsed) {
        String code = Integer.toString(status);
        counters.computeIfAbsent(route + " " + code, k -> Counter.builder("quarry.subnet.requests")
                .description("Requests to the subnet miner's public API, by route and status")
                .tag("route", route).tag("status", code).register(registry)).increment();
        timers.computeIfAbsent(route, r -> Timer.builder("quarry.subnet.request")
                .description("Time to answer a request to the subnet miner's public API")
                .tag("route", r).register(registry)).record(elapsed);
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    /** Requests answered so far, by status. */
    public Map<Integer, Long> totalsByStatus() {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        byStatus.forEach((status, n) -> out.put(status, n.sum()));
        return out;
    }
}
