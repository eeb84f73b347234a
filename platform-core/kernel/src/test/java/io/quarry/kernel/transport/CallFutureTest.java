package io.quarry.kernel.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.testing.Eventually;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link CallFuture}: a delivered task runs once, on the waiting caller's thread or else on the executor. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CallFutureTest {

    @Test
    void aTaskDeliveredWhileTheCallerWaitsRunsOnTheCallersThread() throws Exception {
        CallFuture<String> future = new CallFuture<>();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicReference<Thread> dependentRanOn = new AtomicReference<>();
        CompletableFuture<Void> dependent = future.thenAccept(v -> dependentRanOn.set(Thread.currentThread()));
        AtomicReference<String> joined = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> joined.set(future.join()));
        Eventually.until("the caller waits", () -> caller.getState() == Thread.State.WAITING);

        future.deliver(() -> {
            ranOn.set(Thread.currentThread());
            future.complete("done");
        }, task -> {
            throw new AssertionError("the executor must not be used while the caller waits");
        });
        caller.join();

        assertThat(joined.get()).isEqualTo("done");
        assertThat(ranOn.get()).isSameAs(caller);
        assertThat(dependentRanOn.get()).isSameAs(caller);
        assertThat(dependent).isDone();
    }

    @Test
    void aTaskDeliveredWithNobodyWaitingRunsOnTheExecutor() throws Exception {
        CallFuture<String> future = new CallFuture<>();
        List<Runnable> queued = new CopyOnWriteArrayList<>();

        future.deliver(() -> future.complete("done"), queued::add);

        assertThat(future).isNotDone();
        assertThat(queued).hasSize(1);
        queued.getFirst().run();
        assertThat(future.join()).isEqualTo("done");
    }

    @Test
    void everyDeliveredTaskRunsExactlyOnce() throws Exception {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 200; round++) {
                CallFuture<Integer> future = new CallFuture<>();
                AtomicInteger runs = new AtomicInteger();
                Thread caller = Thread.ofVirtual().start(future::join);
                future.deliver(() -> {
                    runs.incrementAndGet();
                    future.complete(1);
                }, executor);
                future.deliver(() -> {
                    runs.incrementAndGet();
                    future.complete(2);
                }, executor);
                caller.join();

                Eventually.until("both tasks ran", () -> runs.get() == 2);
                assertThat(future.join()).isIn(1, 2);
            }
        }
    }

    @Test
    void aCompletionFromElsewhereWakesTheWaitingCaller() throws Exception {
        CallFuture<String> future = new CallFuture<>();
        Thread caller = Thread.ofPlatform().start(() -> assertThatThrownBy(future::join).hasMessageContaining("lost"));
        Eventually.until("the caller waits", () -> caller.getState() == Thread.State.WAITING);

        future.completeExceptionally(new IllegalStateException("lost"));
        caller.join();

        assertThat(future).isCompletedExceptionally();
    }

    @Test
    void anInterruptedGetThrowsAndALaterDeliveryGoesToTheExecutor() throws Exception {
        CallFuture<String> future = new CallFuture<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                future.get();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        Eventually.until("the caller waits", () -> caller.getState() == Thread.State.WAITING);

        caller.interrupt();
        caller.join();
        List<Runnable> queued = new CopyOnWriteArrayList<>();
        future.deliver(() -> future.complete("late"), queued::add);

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(queued).hasSize(1);
        queued.getFirst().run();
        assertThat(future.join()).isEqualTo("late");
    }

    @Test
    void cancellingRunsTheCancelActionOnceAndOnlyOnCancel() {
        CallFuture<String> cancelled = new CallFuture<>();
        AtomicInteger actions = new AtomicInteger();
        cancelled.onCancel(actions::incrementAndGet);
        assertThat(actions).hasValue(0);
        assertThat(cancelled.cancel(true)).isTrue();
        cancelled.cancel(true);
        assertThat(actions).hasValue(1);

        // Cancelled before the call was under way: the action runs as soon as it is set.
        CallFuture<String> early = new CallFuture<>();
        early.cancel(false);
        AtomicInteger late = new AtomicInteger();
        early.onCancel(late::incrementAndGet);
        assertThat(late).hasValue(1);

        CallFuture<String> completed = new CallFuture<>();
        AtomicInteger none = new AtomicInteger();
        completed.onCancel(none::incrementAndGet);
        completed.complete("done");
        assertThat(completed.cancel(true)).isFalse();
        assertThat(none).hasValue(0);
    }

    @Test
    void aLoneCallerSpinningStillRunsTheDeliveredTaskOnItsOwnThread() throws Exception {
        // One call in flight: the caller waits actively (a minute allowed: the delivery comes while it spins).
        for (Thread.Builder threads : List.of(Thread.ofPlatform(), Thread.ofVirtual())) {
            CallFuture<String> call = new CallFuture<>(new CallFuture.SpinPolicy(TimeUnit.MINUTES.toNanos(1),
                    new AtomicInteger(1)));
            AtomicReference<Thread> ranOn = new AtomicReference<>();
            AtomicReference<String> joined = new AtomicReference<>();
            Thread caller = threads.start(() -> joined.set(call.join()));
            Eventually.until("the caller waits for its response", () -> call.waiting() == caller);
            assertThat(caller.getState()).isNotEqualTo(Thread.State.WAITING); // spinning, not parked
            call.deliver(() -> {
                ranOn.set(Thread.currentThread());
                call.complete("done");
            }, task -> {
                throw new AssertionError("the executor must not be used while the caller waits");
            });
            caller.join();
            assertThat(joined.get()).isEqualTo("done");
            assertThat(ranOn.get()).isSameAs(caller);
        }
    }

    @Test
    void withSeveralCallsInFlightTheCallerParksAtOnce() throws Exception {
        AtomicInteger inFlight = new AtomicInteger(2);
        CallFuture<String> future = new CallFuture<>(new CallFuture.SpinPolicy(TimeUnit.MINUTES.toNanos(1),
                inFlight));
        AtomicReference<String> joined = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> joined.set(future.join()));
        // A minute of spinning allowed, but not taken: two calls in flight, so the caller parks.
        Eventually.until("the caller parks", () -> caller.getState() == Thread.State.WAITING);
        future.deliver(() -> future.complete("done"), task -> {
            throw new AssertionError("the executor must not be used while the caller waits");
        });
        caller.join();
        assertThat(joined.get()).isEqualTo("done");
    }

    @Test
    void aSpinningCallerParksOnceItsSpinTimeIsUpAndStillGetsItsTask() throws Exception {
        CallFuture<String> future = new CallFuture<>(new CallFuture.SpinPolicy(TimeUnit.MICROSECONDS.toNanos(50),
                new AtomicInteger(1)));
        AtomicReference<String> joined = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> joined.set(future.join()));
        Eventually.until("the caller parks after spinning", () -> caller.getState() == Thread.State.WAITING);
        future.deliver(() -> future.complete("late"), task -> {
            throw new AssertionError("the executor must not be used while the caller waits");
        });
        caller.join();
        assertThat(joined.get()).isEqualTo("late");
    }

    @Test
    void anInterruptEndsTheSpin() throws Exception {
        CallFuture<String> future = new CallFuture<>(new CallFuture.SpinPolicy(TimeUnit.MINUTES.toNanos(1),
                new AtomicInteger(1)));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                future.get();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Eventually.until("the caller waits", () -> future.waiting() == caller);
        caller.interrupt();
        caller.join(); // a minute of spin allowed: returning at all shows the interrupt ended it
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    }
}
