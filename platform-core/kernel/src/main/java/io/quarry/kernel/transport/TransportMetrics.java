package io.quarry.kernel.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transport's meters. Prometheus names: {@code quarry_transport_connections{direction}},
 * {@code quarry_transport_bytes_total{direction}}, {@code quarry_transport_messages_total{protocol,type,
 * direction}}, {@code quarry_transport_request_latency_seconds{protocol,outcome}} (histogram),
 * {@code quarry_transport_protocol_errors_total{reason}}, {@code quarry_transport_messages_dropped_total
 * {protocol}}, {@code quarry_transport_stream_buffered_bytes}. Protocol tags only ever name protocols this
 * node registered or called, so a peer cannot blow up the tag space.
 */
final class TransportMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger inbound = new AtomicInteger();
    private final AtomicInteger outbound = new AtomicInteger();
    private final AtomicLong streamBuffered = new AtomicLong();
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Map<ErrorReason, Counter> errors = new EnumMap<>(ErrorReason.class);
    private final Map<String, Counter> messages = new ConcurrentHashMap<>();
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();

    TransportMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("quarry.transport.connections", inbound, AtomicInteger::get).tag("direction", "in")
                .description("open peer connections").register(registry);
        Gauge.builder("quarry.transport.connections", outbound, AtomicInteger::get).tag("direction", "out")
                .description("open peer connections").register(registry);
        Gauge.builder("quarry.transport.stream.buffered", streamBuffered, AtomicLong::get).baseUnit("bytes")
                .description("stream bytes received and not yet read by handlers").register(registry);
        bytesIn = Counter.builder("quarry.transport.bytes").tag("direction", "in").baseUnit("bytes")
                .description("bytes on peer sockets, TLS included").register(registry);
        bytesOut = Counter.builder("quarry.transport.bytes").tag("direction", "out").baseUnit("bytes")
                .description("bytes on peer sockets, TLS included").register(registry);
        // Registered up front so every reason shows at zero before anything goes wrong.
        for (ErrorReason reason : ErrorReason.values()) {
            errors.put(reason, Counter.builder("quarry.transport.protocol.errors").tag("reason", reason.tag)
                    .description("peers cut off for breaking the protocol or the limits").register(registry));
        }
    }

    AtomicInteger connections(boolean accepted) {
        return accepted ? inbound : outbound;
    }

    void bytesIn(int bytes) {
        bytesIn.increment(bytes);
    }

    void bytesOut(int bytes) {
        bytesOut.increment(bytes);
    }

    void error(ErrorReason reason) {
        errors.get(reason).increment();
    }

    /** Counts one message; {@code direction} is "in" or "out". */
    void message(String protocol, FrameType type, String direction) {
        String key = protocol + '\0' + type.ordinal() + '\0' + direction;
        Counter counter = messages.get(key);
        if (counter == null) {
            counter = messages.computeIfAbsent(key, k -> Counter.builder("quarry.transport.messages")
                    .tag("protocol", protocol).tag("type", type.name().toLowerCase(Locale.ROOT))
                    .tag("direction", direction).register(registry));
        }
        counter.increment();
    }

    /** Records a finished outbound call; {@code outcome} is "ok" or "error". */
    void latency(String protocol, String outcome, long nanos) {
        latencies.computeIfAbsent(protocol + '\0' + outcome, k -> Timer.builder("quarry.transport.request.latency")
                .tag("protocol", protocol).tag("outcome", outcome).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    void dropped(String protocol) {
        dropped.computeIfAbsent(protocol, p -> Counter.builder("quarry.transport.messages.dropped")
                .tag("protocol", p).description("one-way messages dropped at the concurrency limit")
                .register(registry)).increment();
    }

    AtomicLong streamBuffered() {
        return streamBuffered;
    }
}
