package io.quarry.kernel.exec;

import io.quarry.api.exec.TaskExecutors;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executors of one owner (a plugin or the kernel). Thread names start with the owner and the executor
 * name ({@code randomx-cluster/hash-3}) so thread dumps say who owns what; {@link #shutdown(Duration)} ends
 * them all once the owner has stopped.
 */
public final class KernelExecutors implements TaskExecutors {

    private static final Logger LOG = LoggerFactory.getLogger(KernelExecutors.class);

    private final String owner;
    private final List<ExecutorService> created = new CopyOnWriteArrayList<>();
    private volatile boolean shutDown;

    public KernelExecutors(String owner) {
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    @Override
    public ExecutorService virtual(String name) {
        ThreadFactory factory = Thread.ofVirtual().name(owner + "/" + checkName(name) + "-", 0).factory();
        return track(Executors.newThreadPerTaskExecutor(factory));
    }

    @Override
    public ExecutorService platform(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        return track(Executors.newFixedThreadPool(threads, platformFactory(name)));
    }

    @Override
    public ScheduledExecutorService scheduler(String name) {
        return track(Executors.newSingleThreadScheduledExecutor(platformFactory(name)));
    }

    /**
     * Stops every executor made here: no new tasks, running ones interrupted if they outlast {@code grace}.
     * Returns whether all finished within the grace period.
     */
    public boolean shutdown(Duration grace) {
        shutDown = true;
        created.forEach(ExecutorService::shutdown);
        long deadline = System.nanoTime() + grace.toNanos();
        boolean clean = true;
        for (ExecutorService executor : created) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!executor.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    clean = false;
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                executor.shutdownNow();
                clean = false;
            }
        }
        if (!clean) {
            LOG.warn("executors of {} did not finish within {} ms; interrupted them", owner, grace.toMillis());
        }
        created.clear();
        return clean;
    }

    private <E extends ExecutorService> E track(E executor) {
        if (shutDown) {
            executor.shutdownNow();
            throw new IllegalStateException("executors of " + owner + " are shut down");
        }
        created.add(executor);
        return executor;
    }

    private ThreadFactory platformFactory(String name) {
        String prefix = owner + "/" + checkName(name) + "-";
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("executor name must not be blank");
        }
        return name;
    }
}
