package com.example.hello;

import io.quarry.api.exec.TaskExecutors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Executors for a miner under test whose periodic tasks run only when the test says so: {@link #tick()} runs
 * every live periodic task once on the test's thread, so counts are exact and nothing races the assertions.
 */
final class ManualTicks implements TaskExecutors, AutoCloseable {

    private final List<Periodic> periodic = new ArrayList<>();
    private final Scheduler scheduler = new Scheduler();

    /** Runs each periodic task that is still scheduled, once. */
    void tick() {
        for (Periodic p : List.copyOf(periodic)) {
            if (!p.future.isCancelled()) {
                p.task.run();
            }
        }
    }

    @Override
    public ExecutorService virtual(String name) {
        throw new UnsupportedOperationException("the miner under test uses only a scheduler");
    }

    @Override
    public ExecutorService platform(String name, int threads) {
        throw new UnsupportedOperationException("the miner under test uses only a scheduler");
    }

    @Override
    public ScheduledExecutorService scheduler(String name) {
        return scheduler;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private record Periodic(Runnable task, ScheduledFuture<?> future) {
    }

    /** Keeps periodic tasks for {@link #tick()} instead of running them on a timer. */
    private final class Scheduler extends ScheduledThreadPoolExecutor {

        Scheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelay, long period, TimeUnit unit) {
            // A future that never fires on its own, only to carry cancellation.
            ScheduledFuture<?> handle = schedule(() -> { }, 365, TimeUnit.DAYS);
            periodic.add(new Periodic(task, handle));
            return handle;
        }
    }
}
