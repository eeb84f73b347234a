package io.quarry.poies.proof.pool;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofRejection;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link ProofProducer}s and fills a {@link ProofPool} ({@code docs/poies-proofs.md} section 6). Each {@link
 * #tick} hands every idle producer one round on the executor: produce for the newest head, then offer the result to
 * the pool, which verifies it. A producer is never run twice at once; one whose round threw waits {@code
 * failureBackoff} on the clock before its next round. {@link #onHead} records a new head, prunes the pool against it
 * and ticks, so per-head proofs (VDF, storage) start at once; a periodic tick ({@link #start}) keeps the others
 * going.
 *
 * <p>Stopping: {@link #close} starts no more rounds, and {@link #awaitRounds} waits for those running, so whoever
 * owns what producers read (the storage plot) closes it only afterwards. A round that fails once the worker is
 * closed is logged at DEBUG: a stop is no producer failure. Thread-safe.
 */
public final class ProofWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProofWorker.class);

    private final ProofPool pool;
    private final Executor executor;
    private final InstantSource clock;
    private final Duration failureBackoff;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private volatile ProofContext context;
    private volatile boolean closed;
    private ScheduledFuture<?> ticks;
    /** Rounds handed to the executor and not finished; guarded by {@link #roundsLock}. */
    private int rounds;
    private final Object roundsLock = new Object();

    private static final class Slot {
        final ProofProducer producer;
        boolean busy;
        Instant notBefore = Instant.MIN;
        long produced;
        long pooled;
        long refused;
        long failures;
        String lastProblem = "";

        Slot(ProofProducer producer) {
            this.producer = producer;
        }
    }

    /**
     * @param pool where verified proofs go
     * @param producers the producers to run (names must be unique)
     * @param executor where rounds run (proof work is CPU-bound: a small platform pool)
     * @param clock the clock backoffs are measured on
     * @param failureBackoff how long a producer rests after a round that threw
     */
    public ProofWorker(ProofPool pool, List<ProofProducer> producers, Executor executor, InstantSource clock,
            Duration failureBackoff) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.failureBackoff = Objects.requireNonNull(failureBackoff, "failureBackoff");
        for (ProofProducer producer : producers) {
            if (slots.putIfAbsent(producer.name(), new Slot(producer)) != null) {
                throw new IllegalArgumentException("two producers are named " + producer.name());
            }
        }
    }

    /** Ticks every {@code period} on {@code timer} until {@link #close}. Starting twice fails. */
    public synchronized void start(ScheduledExecutorService timer, Duration period) {
        if (ticks != null || closed) {
            throw new IllegalStateException(closed ? "the proof worker is closed" : "the proof worker is started");
        }
        long millis = Math.max(1, period.toMillis());
        ticks = timer.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * A new head: proofs are produced for {@code next} from now on; pooled proofs that {@code spent} marks or
     * that no longer verify in {@code next} are dropped.
     */
    public void onHead(ProofContext next, Predicate<Bytes> spent) {
        this.context = Objects.requireNonNull(next, "next");
        int dropped = pool.prune(next, spent);
        if (dropped > 0) {
            LOG.debug("dropped {} pooled proofs at height {}: spent or out of the anchor window", dropped, next.height());
        }
        tick();
    }

    /** The head proofs are produced for, once {@link #onHead} has been called. */
    public Optional<ProofContext> context() {
        return Optional.ofNullable(context);
    }

    /** Starts a round for every producer that is idle and not resting. Returns at once. */
    public void tick() {
        ProofContext current = context;
        if (current == null || closed) {
            return;
        }
        Instant now = clock.instant();
        for (Slot slot : slots.values()) {
            synchronized (slot) {
                if (slot.busy || now.isBefore(slot.notBefore)) {
                    continue;
                }
                slot.busy = true;
            }
            roundStarted();
            try {
                executor.execute(() -> round(slot, current));
            } catch (RejectedExecutionException e) {
                synchronized (slot) {
                    slot.busy = false;
                }
                roundEnded();
                LOG.debug("proof executor refused a {} round: {}", slot.producer.name(), e.toString());
            }
        }
    }

    /** Each producer's counters, by name. */
    public Map<String, ProducerStats> stats() {
        Map<String, ProducerStats> out = new LinkedHashMap<>();
        for (Map.Entry<String, Slot> entry : slots.entrySet()) {
            Slot slot = entry.getValue();
            synchronized (slot) {
                out.put(entry.getKey(), new ProducerStats(slot.produced, slot.pooled, slot.refused, slot.failures,
                        slot.busy, slot.lastProblem));
            }
        }
        return out;
    }

    /**
     * Stops ticking and starts no more rounds; rounds already running finish ({@link #awaitRounds}). Harmless to
     * repeat.
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (ticks != null) {
            ticks.cancel(false);
        }
    }

    /**
     * Waits up to {@code timeout} for the rounds in progress to finish (after {@link #close}, none start).
     *
     * @return whether none is running any more
     */
    public boolean awaitRounds(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (roundsLock) {
            while (rounds > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(roundsLock, left);
            }
            return true;
        }
    }

    private void roundStarted() {
        synchronized (roundsLock) {
            rounds++;
        }
    }

    private void roundEnded() {
        synchronized (roundsLock) {
            rounds--;
            roundsLock.notifyAll();
        }
    }

    private void round(Slot slot, ProofContext produceFor) {
        try {
            if (closed) {
                return; // queued before close, started after: what it would read may be closing
            }
            Optional<ProofEnvelope> produced = slot.producer.produce(produceFor, pool::contains);
            if (produced.isEmpty()) {
                return;
            }
            synchronized (slot) {
                slot.produced++;
            }
            // Offered against the newest head: a proof for the previous one stays valid inside the anchor window.
            ProofContext newest = context;
            try {
                pool.offer(produced.get(), newest);
                synchronized (slot) {
                    slot.pooled++;
                }
            } catch (ProofRejection rejection) {
                synchronized (slot) {
                    slot.refused++;
                    slot.lastProblem = rejection.getMessage();
                }
                LOG.debug("{} proof not pooled: {}", slot.producer.name(), rejection.getMessage());
            }
        } catch (RuntimeException e) {
            synchronized (slot) {
                slot.failures++;
                slot.lastProblem = e.toString();
                slot.notBefore = clock.instant().plus(failureBackoff);
            }
            if (closed) {
                LOG.debug("{} proof round ended by the stop: {}", slot.producer.name(), e.toString());
            } else {
                LOG.warn("{} proof producer failed (retrying in {} s): {}", slot.producer.name(),
                        failureBackoff.toSeconds(), e.toString());
                LOG.debug("{} proof producer failure", slot.producer.name(), e);
            }
        } finally {
            synchronized (slot) {
                slot.busy = false;
            }
            roundEnded();
        }
    }
}
