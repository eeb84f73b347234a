package io.quarry.poies.remote;

import io.quarry.api.retry.Backoff;
import io.quarry.api.retry.BackoffPolicy;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.node.SubmitResult;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends found shares to the node one at a time, in the order found, with retry: when the node cannot be reached a
 * share is tried again after a backoff (0.5 s doubling to 8 s) up to {@link #MAX_ATTEMPTS} times, and given up as
 * soon as the node has moved to another head (it would only be refused as stale). A refusal is final: the node
 * has judged the share. At most {@link #MAX_QUEUED} shares wait; beyond that the oldest are dropped (a miner that
 * finds shares faster than the node takes them gets a higher target from the node's vardiff soon).
 */
final class ShareSubmitter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShareSubmitter.class);

    static final int MAX_QUEUED = 4096;
    static final int MAX_ATTEMPTS = 6;

    /** What became of each share. Called on the submitter's thread. */
    interface Outcome {
        /** The node answered (admitted, sealed or refused). */
        void answered(HashShare share, HeaderTemplate template, SubmitResult result);

        /** The share was given up without an answer: {@code why} says whether stale, unreachable or crowded out. */
        void dropped(HashShare share, String why);
    }

    private record Pending(HashShare share, HeaderTemplate template) {
    }

    private final Upstream upstream;
    private final Outcome outcome;
    private final Supplier<Optional<UpstreamWork>> current;
    private final BlockingDeque<Pending> queue = new LinkedBlockingDeque<>();
    private volatile Thread worker;
    private volatile boolean closed;

    ShareSubmitter(Upstream upstream, Supplier<Optional<UpstreamWork>> current, Outcome outcome) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.current = Objects.requireNonNull(current, "current");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
    }

    synchronized void start() {
        if (worker == null) {
            worker = Thread.ofVirtual().name("poies-share-submitter").start(this::run);
        }
    }

    /** Queues a share found on {@code template}; thread-safe, never blocks. */
    void offer(HashShare share, HeaderTemplate template) {
        queue.offerLast(new Pending(share, template));
        while (queue.size() > MAX_QUEUED) {
            Pending oldest = queue.pollFirst();
            if (oldest != null) {
                outcome.dropped(oldest.share(), "crowded out: more than " + MAX_QUEUED + " shares waiting");
            }
        }
    }

    /** Shares waiting to be sent. */
    int queued() {
        return queue.size();
    }

    @Override
    public void close() {
        closed = true;
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        while (!closed) {
            Pending next;
            try {
                next = queue.takeFirst();
            } catch (InterruptedException e) {
                return;
            }
            try {
                submit(next);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void submit(Pending pending) throws InterruptedException {
        Backoff backoff = BackoffPolicy.of(Duration.ofMillis(500), Duration.ofSeconds(8)).start();
        for (int attempt = 1; ; attempt++) {
            if (isStale(pending.template())) {
                outcome.dropped(pending.share(), "stale: the node moved to another head");
                return;
            }
            try {
                outcome.answered(pending.share(), pending.template(), upstream.submit(pending.share().toEnvelope()));
                return;
            } catch (UpstreamException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    outcome.dropped(pending.share(), "node unreachable after " + attempt + " attempts: "
                            + e.getMessage());
                    return;
                }
                Duration wait = backoff.next();
                LOG.debug("Submitting share {} failed ({}); attempt {} in {} ms", pending.share().nullifier(),
                        e.getMessage(), attempt + 1, wait.toMillis());
                Thread.sleep(wait);
            }
        }
    }

    private boolean isStale(HeaderTemplate template) {
        return current.get().map(work -> !work.template().parentHash().equals(template.parentHash())).orElse(false);
    }
}
