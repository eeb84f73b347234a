package io.quarry.kernel.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A caller's future that is never completed on an event loop, yet costs no extra hand-off when the caller is
 * already waiting in {@link #join()} or {@link #get()}: the event loop passes the completing task (decode the
 * response, complete) to that waiting thread and wakes it, instead of waking a completion thread that then wakes
 * the caller. With nobody waiting, the task runs on the completions executor as before. Either way the future
 * completes, and its dependent stages run, on a thread that may block.
 *
 * <p>A caller whose call is the only one in flight waits a short while ({@link SpinPolicy}) before it parks: a
 * response from a nearby node often arrives within tens of microseconds, and a parked thread costs two context
 * switches and, on an otherwise idle core, the CPU's wake-up from its idle state, more than the round trip
 * itself. With several calls in flight nobody spins: their threads' CPU is worth more than one caller's latency.
 */
final class CallFuture<T> extends CompletableFuture<T> {

    /**
     * How long a caller may wait actively for its response before parking, and when: only while {@code inFlight}
     * (this transport's outbound calls not yet complete) is at most one, so concurrent callers never spin.
     */
    record SpinPolicy(long nanos, AtomicInteger inFlight) {

        static final SpinPolicy NEVER = new SpinPolicy(0, new AtomicInteger());

        boolean spinNow() {
            return nanos > 0 && inFlight.get() <= 1;
        }
    }

    private final SpinPolicy spin;

    /** A future whose waiter never spins. */
    CallFuture() {
        this(SpinPolicy.NEVER);
    }

    CallFuture(SpinPolicy spin) {
        this.spin = spin;
    }

    /** The slot once a task went to the executor: later waiters just wait for the future. */
    private static final Object DELIVERED = new Object();

    /** null, the Thread waiting in join/get, the task handed to that thread, or {@link #DELIVERED}. */
    private final AtomicReference<Object> slot = new AtomicReference<>();
    /** The slot's value once {@link #cancel} ran: an action set later runs at once. */
    private static final Runnable CANCELLED = () -> { };

    /** What cancelling this future does to the call behind it (set once the call is under way), or CANCELLED. */
    private final AtomicReference<Runnable> onCancel = new AtomicReference<>();

    /**
     * Has the first successful {@link #cancel} run {@code action}, once, to abandon the call behind this future;
     * runs it at once when the future was cancelled already. Set at most once.
     */
    void onCancel(Runnable action) {
        if (!onCancel.compareAndSet(null, action)) {
            action.run(); // cancelled before the call was under way
        }
    }

    /**
     * Runs {@code task}, which completes this future, on the thread waiting for it if there is one, else on
     * {@code executor} (inline if the executor refuses: the node is shutting down). Called on the event loop;
     * may be called more than once (a failure racing a response): each task runs exactly once.
     */
    void deliver(Runnable task, Executor executor) {
        for (;;) {
            Object current = slot.get();
            if (current instanceof Thread waiter) {
                if (slot.compareAndSet(waiter, task)) {
                    LockSupport.unpark(waiter);
                    return;
                }
            } else if (current == null && !slot.compareAndSet(null, DELIVERED)) {
                continue; // a waiter arrived meanwhile: hand the task to it
            } else {
                execute(task, executor);
                return;
            }
        }
    }

    /** The thread waiting in join/get for a task, if any (for tests). */
    Thread waiting() {
        return slot.get() instanceof Thread waiter ? waiter : null;
    }

    @Override
    public T join() {
        awaitDelivery();
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        if (!isDone() && !Thread.currentThread().isInterrupted()) {
            awaitDelivery();
        }
        return super.get(); // done: the result; still waiting, or interrupted: as any CompletableFuture
    }

    /**
     * Parks the calling thread until a task is handed to it (then runs it) or the future completes some other
     * way. One waiter takes this path; others, and callers once a task went to the executor, wait as any
     * CompletableFuture does. An interrupt ends the wait; {@link #get()} then sees it in {@code super.get()}.
     */
    private void awaitDelivery() {
        if (isDone()) {
            return;
        }
        Thread me = Thread.currentThread();
        if (!slot.compareAndSet(null, me)) {
            return;
        }
        if (spin.spinNow()) {
            spinWhileWaiting(me);
        }
        for (;;) {
            Object current = slot.get();
            if (current != me) {
                if (current instanceof Runnable task && slot.compareAndSet(task, DELIVERED)) {
                    runDelivered(task);
                }
                return;
            }
            if (isDone() || me.isInterrupted()) {
                if (slot.compareAndSet(me, null)) {
                    return;
                }
                continue; // a task was handed over meanwhile: run it before leaving
            }
            LockSupport.park(this);
        }
    }

    /**
     * Waits actively, at most the policy's time, for a task or completion. A virtual thread keeps its carrier
     * meanwhile (yielding it on each turn costs a trip through the scheduler, which measured as slow as parking);
     * the other carriers serve the other virtual threads, and the wait is short and taken only by a lone caller.
     */
    private void spinWhileWaiting(Thread me) {
        long deadline = System.nanoTime() + spin.nanos();
        while (slot.get() == me && !isDone() && !me.isInterrupted() && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
    }

    /** Runs a handed-over task; whatever it throws fails this future rather than leaving it pending. */
    private void runDelivered(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            completeExceptionally(t);
            if (t instanceof VirtualMachineError vmError) {
                throw vmError;
            }
        }
    }

    // Completions that do not come through deliver (a failure before the call started, a caller completing the
    // future itself) wake the waiter, which then finds the future done.

    @Override
    public boolean complete(T value) {
        boolean changed = super.complete(value);
        wakeWaiter();
        return changed;
    }

    @Override
    public boolean completeExceptionally(Throwable error) {
        boolean changed = super.completeExceptionally(error);
        wakeWaiter();
        return changed;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean changed = super.cancel(mayInterruptIfRunning);
        if (isCancelled()) {
            Runnable action = onCancel.getAndSet(CANCELLED);
            if (action != null && action != CANCELLED) {
                action.run();
            }
        }
        wakeWaiter();
        return changed;
    }

    @Override
    public void obtrudeValue(T value) {
        super.obtrudeValue(value);
        wakeWaiter();
    }

    @Override
    public void obtrudeException(Throwable error) {
        super.obtrudeException(error);
        wakeWaiter();
    }

    @Override
    public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
        executor.execute(() -> {
            try {
                complete(supplier.get());
            } catch (Throwable e) {
                completeExceptionally(e);
            }
        });
        return this;
    }

    private void wakeWaiter() {
        if (slot.get() instanceof Thread waiter) {
            LockSupport.unpark(waiter);
        }
    }

    private static void execute(Runnable task, Executor executor) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // the node is shutting down; completing inline beats leaving the caller hanging
        }
    }
}
