package io.quarry.randomx.hashing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listener that queues candidates for a test to take, noting whether each arrived with default rounding. */
final class CandidateQueue implements CandidateListener {

    final LinkedBlockingQueue<Candidate> queue = new LinkedBlockingQueue<>();
    final List<Boolean> roundedToNearest = java.util.Collections.synchronizedList(new ArrayList<>());
    final java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void onCandidate(Candidate candidate) {
        roundedToNearest.add(io.quarry.natives.FloatingPoint.roundsToNearest());
        threads.add(Thread.currentThread());
        queue.add(candidate);
    }

    /** The next candidate, failing the test after a generous timeout. */
    Candidate take() throws InterruptedException {
        Candidate candidate = queue.poll(60, TimeUnit.SECONDS);
        if (candidate == null) {
            throw new AssertionError("no candidate within 60 s");
        }
        return candidate;
    }

    /** The next candidate for job {@code id}, skipping those of earlier jobs still in flight. */
    Candidate takeFor(String id) throws InterruptedException {
        while (true) {
            Candidate candidate = take();
            if (candidate.job().id().equals(id)) {
                return candidate;
            }
        }
    }
}
