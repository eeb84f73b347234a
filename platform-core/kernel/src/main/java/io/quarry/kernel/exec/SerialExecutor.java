package io.quarry.kernel.exec;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a delegate executor (virtual threads). One per
 * connection (HTTP, WebSocket, JSON-RPC), so a connection's requests and events are handled in the order they
 * arrived while handlers may block off the event loop; one per JSON-RPC client, so listener calls and response
 * completions keep the order of the wire.
 */
public final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor delegate;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** The thread draining right now, so callers can tell whether they are inside a task. */
    private volatile Thread current;

    public SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        scheduleDrain();
    }

    /** Whether the calling thread is running one of this executor's tasks. */
    public boolean inTask() {
        return current == Thread.currentThread();
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
        current = Thread.currentThread();
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (Throwable t) {
                    // Tasks handle their own errors; reaching here is a kernel bug, and the queue must go on.
                    LOG.error("connection task failed", t);
                }
            }
        } finally {
            current = null;
            draining.set(false);
            // A task may have been queued after the last poll but before the flag was cleared.
            if (!tasks.isEmpty()) {
                scheduleDrain();
            }
        }
    }
}
