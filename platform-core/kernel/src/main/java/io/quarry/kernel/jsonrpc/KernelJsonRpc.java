package io.quarry.kernel.jsonrpc;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.quarry.api.http.Http;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's JSON-RPC line service: the event loops and handler executor every line server and client of
 * the node shares, and one {@link PluginJsonRpc} per plugin. Stratum traffic is light (a few lines per miner
 * per minute), so two I/O threads serve every server and client; handlers run on virtual threads.
 *
 * <p>Threads start on first use, so a node without Stratum pays nothing. {@link #close()} closes every
 * server and client still open, then stops the event loops; it is idempotent.
 */
public final class KernelJsonRpc implements AutoCloseable {

    private static final int IO_THREADS = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 500;

    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final InstantSource clock;
    private final List<PluginJsonRpc> scopes = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * @param handlers runs handlers and listener calls; null makes (and owns) a virtual-thread-per-task executor
     */
    public KernelJsonRpc(ExecutorService handlers) {
        this(handlers, InstantSource.system());
    }

    /**
     * @param handlers runs handlers and listener calls; null makes (and owns) a virtual-thread-per-task executor
     * @param clock what every server's and route's token buckets refill by (a test's clock moves by hand)
     */
    public KernelJsonRpc(ExecutorService handlers, InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ownsExecutor = handlers == null;
        this.executor = handlers != null ? handlers
                : Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("quarry-jsonrpc-", 0).factory());
        this.acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("quarry-jsonrpc-accept"),
                NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(IO_THREADS, new DefaultThreadFactory("quarry-jsonrpc"),
                NioIoHandler.newFactory());
    }

    /**
     * The service one plugin (or the kernel itself) uses: meters go to {@code registry} (a plugin's registry
     * carries its {@code plugin} tag); close the returned scope when the plugin stops.
     */
    public PluginJsonRpc forPlugin(String owner, MeterRegistry registry) {
        return forPlugin(owner, registry, null);
    }

    /**
     * As {@link #forPlugin(String, MeterRegistry)}, with the plugin's routes on the node's HTTP port for the
     * HTTP and WebSocket carriers ({@code http} null: none, and mounting one fails).
     */
    public PluginJsonRpc forPlugin(String owner, MeterRegistry registry, Http http) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(registry, "registry");
        if (closed) {
            throw new IllegalStateException("the JSON-RPC service is closed");
        }
        PluginJsonRpc scope = new PluginJsonRpc(owner, registry, acceptors, workers, executor, scopes::remove, http, clock);
        scopes.add(scope);
        return scope;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scopes.forEach(PluginJsonRpc::close);
        // No quiet period: every channel is closed by now, and node shutdown must be quick.
        var a = acceptors.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        var w = workers.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        a.awaitUninterruptibly(2 * SHUTDOWN_TIMEOUT_MILLIS);
        w.awaitUninterruptibly(2 * SHUTDOWN_TIMEOUT_MILLIS);
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }
}
