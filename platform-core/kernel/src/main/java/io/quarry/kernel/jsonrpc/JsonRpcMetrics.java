package io.quarry.kernel.jsonrpc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The meters of one server or client. Tags stay bounded: method names come from the wire, so only methods a
 * handler actually served are used as tags (unknown ones are {@code "unknown"}), and at most
 * {@link #MAX_METHOD_TAGS} distinct ones, the rest {@code "other"}.
 */
final class JsonRpcMetrics {

    static final int MAX_METHOD_TAGS = 64;
    static final String UNKNOWN_METHOD = "unknown";

    private final MeterRegistry registry;
    private final String ownerTag;
    private final String owner;
    private final String prefix;
    private final Set<String> methods = ConcurrentHashMap.newKeySet();
    private Gauge connections;

    private JsonRpcMetrics(MeterRegistry registry, String ownerTag, String owner, String prefix) {
        this.registry = registry;
        this.ownerTag = ownerTag;
        this.owner = owner;
        this.prefix = prefix;
    }

    static JsonRpcMetrics forServer(MeterRegistry registry, String server) {
        return new JsonRpcMetrics(registry, "server", server, "quarry.jsonrpc.");
    }

    static JsonRpcMetrics forClient(MeterRegistry registry, String client) {
        return new JsonRpcMetrics(registry, "client", client, "quarry.jsonrpc.client.");
    }

    /** Registers the open-connections gauge of a server. */
    void connectionsGauge(IntSupplier open) {
        connections = Gauge.builder("quarry.jsonrpc.connections", open::getAsInt)
                .description("Open connections of a JSON-RPC line server")
                .tag(ownerTag, owner)
                .register(registry);
    }

    /** One answered request or handled notification. */
    void request(String method, String outcome, long startNanos) {
        Timer.builder(prefix + "requests")
                .description("JSON-RPC requests by method and outcome")
                .tag(ownerTag, owner)
                .tag("method", methodTag(method, outcome))
                .tag("outcome", outcome)
                .register(registry)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** A refused line, a limit that tripped, a connection dropped for cause. */
    void error(String reason) {
        Counter.builder("quarry.jsonrpc.errors")
                .description("JSON-RPC protocol errors and limits that tripped, by reason")
                .tag(ownerTag, owner)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** A client connection event: connected, failed, lost. */
    void connection(String event) {
        Counter.builder(prefix + "connections")
                .description("JSON-RPC client connection attempts and losses")
                .tag(ownerTag, owner)
                .tag("event", event)
                .register(registry)
                .increment();
    }

    /** Removes the gauge, so a server reopened under the same name reports its own connections. */
    void close() {
        if (connections != null) {
            registry.remove(connections);
        }
    }

    private String methodTag(String method, String outcome) {
        if (method == null || Outcomes.NOT_FOUND.equals(outcome)) {
            return UNKNOWN_METHOD;
        }
        if (methods.contains(method)) {
            return method;
        }
        if (methods.size() >= MAX_METHOD_TAGS || method.length() > 64) {
            return "other";
        }
        methods.add(method);
        return method;
    }
}
