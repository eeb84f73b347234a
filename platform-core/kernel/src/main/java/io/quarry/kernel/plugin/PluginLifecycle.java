package io.quarry.kernel.plugin;

import io.quarry.api.NodeContext;
import io.quarry.api.PluginState;
import io.quarry.api.QuarryPlugin;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the enabled plugins through init, start and stop. A plugin that throws is marked FAILED with the
 * reason and the rest carry on; stop runs in reverse start order, each plugin within a time budget, and a
 * plugin that failed after {@code init} is stopped too so it can release what it took.
 */
public final class PluginLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLifecycle.class);

    private final List<PluginHandle> plugins;
    private final Deque<PluginHandle> initialized = new ArrayDeque<>();
    private final Consumer<PluginHandle> onFailure;
    private boolean started;
    private boolean stopped;

    /**
     * @param plugins every installed plugin; only LOADED ones are driven
     * @param onFailure told when a plugin fails, after its state is FAILED (the kernel drops its routes)
     */
    public PluginLifecycle(Collection<PluginHandle> plugins, Consumer<PluginHandle> onFailure) {
        this.plugins = List.copyOf(plugins);
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    }

    /** Calls {@code init} on every LOADED plugin with the context the factory makes for it. */
    public synchronized void initAll(Function<PluginHandle, NodeContext> contexts) {
        for (PluginHandle handle : plugins) {
            if (handle.state() != PluginState.LOADED) {
                continue;
            }
            QuarryPlugin plugin = handle.plugin().orElseThrow();
            try {
                NodeContext context = contexts.apply(handle);
                withClassLoader(handle, () -> plugin.init(context));
                handle.moveTo(PluginState.INITIALIZED);
                initialized.push(handle);
            } catch (RuntimeException | LinkageError e) {
                initialized.push(handle); // stop() may still have something to release
                fail(handle, "init", e);
            }
        }
    }

    /** Calls {@code start} on every INITIALIZED plugin, in load order. Starting twice is an error. */
    public synchronized void startAll() {
        if (started) {
            throw new IllegalStateException("plugins were already started");
        }
        started = true;
        for (PluginHandle handle : plugins) {
            if (handle.state() != PluginState.INITIALIZED) {
                continue;
            }
            try {
                withClassLoader(handle, () -> handle.plugin().orElseThrow().start());
                handle.moveTo(PluginState.STARTED);
                LOG.info("plugin {} {} started", handle.id(), handle.version());
            } catch (RuntimeException | LinkageError e) {
                fail(handle, "start", e);
            }
        }
    }

    /**
     * Stops every plugin that got past {@code init}, in reverse order, giving each at most {@code perPlugin}
     * and all of them together at most {@code total}. Harmless when called again.
     */
    public synchronized void stopAll(Duration perPlugin, Duration total) {
        if (stopped) {
            return;
        }
        stopped = true;
        long deadline = System.nanoTime() + total.toNanos();
        while (!initialized.isEmpty()) {
            PluginHandle handle = initialized.pop();
            long budget = Math.max(100, Math.min(perPlugin.toMillis(), (deadline - System.nanoTime()) / 1_000_000));
            boolean wasFailed = handle.state() == PluginState.FAILED;
            CompletableFuture<Void> stop = CompletableFuture.runAsync(
                    () -> withClassLoader(handle, () -> handle.plugin().orElseThrow().stop()),
                    runnable -> Thread.ofPlatform().daemon().name("stop-" + handle.id()).start(runnable));
            try {
                stop.get(budget, TimeUnit.MILLISECONDS);
                if (!wasFailed) {
                    handle.moveTo(PluginState.STOPPED);
                }
                LOG.info("plugin {} stopped", handle.id());
            } catch (TimeoutException e) {
                LOG.error("plugin {} did not stop within {} ms; moving on", handle.id(), budget);
                if (!wasFailed) {
                    handle.fail("stop timed out after " + budget + " ms");
                }
            } catch (ExecutionException e) {
                LOG.error("plugin {} failed while stopping", handle.id(), e.getCause());
                if (!wasFailed) {
                    handle.fail("stop failed: " + PluginHost.describe(e.getCause()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void fail(PluginHandle handle, String phase, Throwable e) {
        handle.fail(phase + " failed: " + PluginHost.describe(e));
        LOG.error("plugin {} failed in {}; the node carries on without it", handle.id(), phase, e);
        onFailure.accept(handle);
    }

    private static void withClassLoader(PluginHandle handle, Runnable action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(handle.classLoader());
        try {
            action.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
