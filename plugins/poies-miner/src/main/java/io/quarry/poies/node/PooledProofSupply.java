package io.quarry.poies.node;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofRejection;
import io.quarry.poies.proof.pool.ProofPool;
import io.quarry.poies.proof.pool.ProofWorker;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ProofSupply} of a running node: the proofs package's {@link ProofPool} filled by its {@link ProofWorker}. */
public final class PooledProofSupply implements ProofSupply {

    private static final Logger LOG = LoggerFactory.getLogger(PooledProofSupply.class);

    private final ProofPool pool;
    private final ProofWorker worker;
    private final ScheduledExecutorService timer;
    private final Duration period;
    private final Duration stopWait;
    private boolean started;

    /**
     * @param timer where the worker's periodic ticks run
     * @param period how often idle producers get another round ({@code proof_interval_ms})
     * @param stopWait how long {@link #close} waits for rounds in progress
     */
    public PooledProofSupply(ProofPool pool, ProofWorker worker, ScheduledExecutorService timer, Duration period,
            Duration stopWait) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.worker = Objects.requireNonNull(worker, "worker");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.period = Objects.requireNonNull(period, "period");
        this.stopWait = Objects.requireNonNull(stopWait, "stopWait");
    }

    @Override
    public synchronized void start() {
        if (!started) {
            started = true;
            worker.start(timer, period);
        }
    }

    @Override
    public void onHead(ProofContext context, Predicate<Bytes> spent) {
        worker.onHead(context, spent);
    }

    @Override
    public void offer(ProofEnvelope proof, ProofContext context) {
        try {
            pool.offer(proof, context);
        } catch (ProofRejection e) {
            LOG.debug("proof {} not pooled: {}", proof.nullifier(), e.getMessage());
        }
    }

    @Override
    public Collection<ProofEnvelope> candidates() {
        return pool.candidates();
    }

    @Override
    public long version() {
        return pool.version();
    }

    /** Stops the worker and waits up to {@code stopWait} for its rounds in progress. */
    @Override
    public void close() {
        worker.close();
        try {
            if (!worker.awaitRounds(stopWait)) {
                LOG.info("proof workers still busy after {} ms; stopping without them", stopWait.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
