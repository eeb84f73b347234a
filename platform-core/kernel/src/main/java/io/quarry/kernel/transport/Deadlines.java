package io.quarry.kernel.transport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes bounded waits once their deadline passed, so stream readers and senders can wait without a timer of
 * their own; also fires outbound calls' response timeouts ({@link OutboundCall#startTimeout}). A virtual
 * thread's timed wait schedules (and on an early wake cancels) a task in the virtual-thread scheduler's delay
 * queue, which wakes the scheduler's timer thread whenever the new deadline comes first: with
 * streams waiting once per chunk for data, credit or socket room, that was a thread wake-up per chunk for a
 * timeout that almost never fires. Here a wait registers its deadline in a set and parks untimed; one daemon
 * thread looks at the set every {@link #TICK_MILLIS} ms and wakes the expired ones, which then see their deadline
 * passed. A timeout fires up to one tick late.
 */
final class Deadlines {

    private static final Logger LOG = LoggerFactory.getLogger(Deadlines.class);
    static final long TICK_MILLIS = 50;

    private static final Set<Watch> WATCHED = ConcurrentHashMap.newKeySet();

    static {
        Thread.ofPlatform().daemon().name("quarry-transport-deadlines").start(Deadlines::tick);
    }

    private Deadlines() {
    }

    /** One registered wait: {@link #cancel} it once the wait is over (try/finally). */
    static final class Watch {
        private final long deadlineNanos;
        private final Runnable wake;

        private Watch(long deadlineNanos, Runnable wake) {
            this.deadlineNanos = deadlineNanos;
            this.wake = wake;
        }

        void cancel() {
            WATCHED.remove(this);
        }
    }

    /**
     * Runs {@code wake} (which signals the waiting thread's condition) once {@code System.nanoTime()} passes
     * {@code deadlineNanos}, unless cancelled first.
     */
    static Watch watch(long deadlineNanos, Runnable wake) {
        Watch watch = new Watch(deadlineNanos, wake);
        WATCHED.add(watch);
        return watch;
    }

    /**
     * The ticker's loop. Nothing thrown ends it (every stream timeout in the JVM depends on this one thread): an
     * error while waking one wait, or while walking the set, is logged and the next tick goes on.
     */
    private static void tick() {
        for (;;) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            try {
                wakeExpired(System.nanoTime());
            } catch (Throwable t) {
                LOG.error("bug while looking for stream waits past their deadline", t);
            }
        }
    }

    private static void wakeExpired(long now) {
        for (Watch watch : WATCHED) {
            if (now - watch.deadlineNanos >= 0 && WATCHED.remove(watch)) {
                try {
                    watch.wake.run();
                } catch (Throwable t) {
                    LOG.error("bug while waking a stream wait past its deadline", t);
                }
            }
        }
    }
}
