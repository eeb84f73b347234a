package io.quarry.kernel.http;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a delegate executor. One per connection: a connection's
 * requests and WebSocket events must not overtake each other, yet handlers may block, so they run off the
 * event loop on the (virtual-thread) delegate rather than inline.
 */
final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor delegate;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        try {
            delegate.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // Only happens while the node shuts down; the connection is going away with it.
            draining.set(false);
            tasks.clear();
            LOG.debug("Dropped connection tasks: executor is shut down");
        }
    }

    private void drain() {
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (Throwable t) {
                    // Tasks handle their own errors; reaching here is a kernel bug, and the queue must go on.
                    LOG.error("Connection task failed", t);
                }
            }
        } finally {
            draining.set(false);
            // A task may have been queued after the last poll but before the flag was cleared.
            if (!tasks.isEmpty()) {
                scheduleDrain();
            }
        }
    }
}
