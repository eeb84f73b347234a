package io.quarry.randomx.hashing;

import io.quarry.randomx.job.Share;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listener that queues shares for a test to take, noting whether each arrived with default rounding. */
final class CandidateQueue implements CandidateListener {

    final LinkedBlockingQueue<Share> queue = new LinkedBlockingQueue<>();
    final List<Boolean> roundedToNearest = java.util.Collections.synchronizedList(new ArrayList<>());
    final java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void onCandidate(Share share) {
        roundedToNearest.add(io.quarry.natives.FloatingPoint.roundsToNearest());
        threads.add(Thread.currentThread());
        queue.add(share);
    }

    /** The next share, failing the test after a generous timeout. */
    Share take() throws InterruptedException {
        return take(Duration.ofSeconds(60));
    }

    /** The next share within {@code timeout}. */
    Share take(Duration timeout) throws InterruptedException {
        Share share = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (share == null) {
            throw new AssertionError("no share within " + timeout);
        }
        return share;
    }

    /** The next share for job {@code id}, skipping those of earlier jobs still in flight. */
    Share takeFor(String id) throws InterruptedException {
        return takeFor(id, Duration.ofSeconds(60));
    }

    /**
     * The next share for job {@code id} within {@code timeout}; a fast-mode job waits for a dataset rebuild,
     * which takes minutes rather than seconds on a loaded 2-core machine.
     */
    Share takeFor(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Share share = take(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (share.job().jobId().equals(id)) {
                return share;
            }
        }
    }
}
