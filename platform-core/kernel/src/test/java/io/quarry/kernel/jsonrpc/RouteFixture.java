package io.quarry.kernel.jsonrpc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.kernel.http.HttpLimits;
import io.quarry.kernel.http.HttpServer;
import io.quarry.testing.MutableClock;
import java.net.URI;

/**
 * A node's HTTP server on a free loopback port with the JSON-RPC service of plugin {@code demo} on it: mount
 * routes through {@link #rpc}, then {@link #start()}.
 */
final class RouteFixture implements AutoCloseable {

    static final String TOKEN = "route-token";

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final HttpServer http = new HttpServer("127.0.0.1", 0, HttpLimits.DEFAULTS.withSizes(256 * 1024, 256 * 1024),
            TOKEN, true, null, registry);
    /** The routes' token buckets refill only when a test moves this clock. */
    final MutableClock clock = new MutableClock(1_000_000);
    final KernelJsonRpc kernel = new KernelJsonRpc(null, clock);
    final PluginJsonRpc rpc = kernel.forPlugin("demo", registry, http.forPlugin("demo"));

    RouteFixture start() {
        http.start();
        return this;
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + http.address().getPort() + "/api/v1/demo/" + path);
    }

    URI ws(String path) {
        return URI.create("ws://127.0.0.1:" + http.address().getPort() + "/api/v1/demo/" + path);
    }

    /** How often {@code quarry.jsonrpc.errors{reason}} was counted. */
    double errors(String reason) {
        return registry.find("quarry.jsonrpc.errors").tag("reason", reason).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** How many requests of {@code method} ended with {@code outcome}. */
    long requests(String method, String outcome) {
        return registry.find("quarry.jsonrpc.requests").tag("method", method).tag("outcome", outcome).timers()
                .stream().mapToLong(Timer::count).sum();
    }

    @Override
    public void close() {
        kernel.close();
        http.close();
    }
}
