package io.quarry.testkit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.jsonrpc.JsonRpcServers;
import io.quarry.kernel.jsonrpc.KernelJsonRpc;
import java.util.Objects;

/**
 * The kernel's JSON-RPC line service without a node: what {@code NodeContext.jsonRpc()} hands a plugin, for tests
 * of a Stratum server or a pool client on loopback. Servers and clients opened through it are closed by
 * {@link #close()}.
 *
 * <pre>{@code
 * try (TestJsonRpc rpc = TestJsonRpc.open()) {
 *     JsonRpcServer server = rpc.servers("test").open(settings, handlers);
 *     ...
 * }
 * }</pre>
 */
public final class TestJsonRpc implements AutoCloseable {

    private final KernelJsonRpc kernel = new KernelJsonRpc(null);

    private TestJsonRpc() {
    }

    /** Starts the service (its threads start on first use). */
    public static TestJsonRpc open() {
        return new TestJsonRpc();
    }

    /** Servers and clients scoped to {@code owner}, with meters on a registry of their own. */
    public JsonRpcServers servers(String owner) {
        return servers(owner, new SimpleMeterRegistry());
    }

    /** Servers and clients scoped to {@code owner}, with meters on {@code registry} (to assert on them). */
    public JsonRpcServers servers(String owner, MeterRegistry registry) {
        return kernel.forPlugin(Objects.requireNonNull(owner, "owner"), Objects.requireNonNull(registry, "registry"));
    }

    /** Closes every server and client opened here and stops the service's threads; idempotent. */
    @Override
    public void close() {
        kernel.close();
    }
}
