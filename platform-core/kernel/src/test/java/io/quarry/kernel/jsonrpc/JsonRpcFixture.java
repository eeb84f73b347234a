package io.quarry.kernel.jsonrpc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.jsonrpc.JsonRpcHandler;
import io.quarry.api.jsonrpc.JsonRpcServer;
import io.quarry.api.jsonrpc.JsonRpcServerSettings;
import io.quarry.testing.MutableClock;

/** A kernel JSON-RPC service with its own registry, closed with try-with-resources. */
final class JsonRpcFixture implements AutoCloseable {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** The servers' token buckets refill only when a test moves this clock. */
    final MutableClock clock = new MutableClock(1_000_000);
    final KernelJsonRpc kernel = new KernelJsonRpc(null, clock);
    final PluginJsonRpc rpc = kernel.forPlugin("test", registry);

    /** A server on a free loopback port. */
    JsonRpcServer open(JsonRpcServerSettings settings, JsonRpcHandler.Factory handlers) {
        return rpc.open(settings, handlers);
    }

    /** How often {@code quarry.jsonrpc.errors{reason}} was counted. */
    double errors(String reason) {
        return registry.find("quarry.jsonrpc.errors").tag("reason", reason).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    static JsonRpcServerSettings loopback(String name) {
        return JsonRpcServerSettings.of(name, "127.0.0.1", 0);
    }

    @Override
    public void close() {
        kernel.close();
    }
}
