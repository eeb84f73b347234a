package io.quarry.randomx.miner;

import io.quarry.randomx.hashing.Candidate;
import io.quarry.randomx.hashing.CandidateListener;
import io.quarry.randomx.hashing.HashJob;
import io.quarry.randomx.hashing.MinerThreads;
import io.quarry.randomx.hashing.NonceRange;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.Share;
import io.quarry.randomx.job.SubmitResult;
import io.quarry.randomx.job.WorkSource;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a {@link WorkSource} to the node's own {@link MinerThreads}: every upstream job becomes worker 0's
 * slice ({@link WorkSource#forWorker}; outside miners on the Stratum endpoint get the other indexes), and every
 * candidate the threads find goes back upstream as a {@link Share}.
 */
final class JobFeed implements Consumer<MoneroJob>, CandidateListener {

    private static final Logger LOG = LoggerFactory.getLogger(JobFeed.class);
    /** The node's own engine; outside miners get indexes from 1. */
    static final int OWN_WORKER = 0;

    /** A job as handed to the miner threads, with the upstream job it came from. */
    private record Mined(HashJob hashJob, MoneroJob job) {
    }

    private final WorkSource source;
    private final Consumer<SubmitResult> results;
    private volatile MinerThreads threads;
    // Candidates of the job just replaced may still arrive; both are kept so they can be submitted.
    private volatile Mined current;
    private volatile Mined previous;

    /**
     * @param results told of every submitted share's outcome (on the source's thread)
     */
    JobFeed(WorkSource source, Consumer<SubmitResult> results) {
        this.source = Objects.requireNonNull(source, "source");
        this.results = Objects.requireNonNull(results, "results");
    }

    /** The threads to feed; jobs that arrive before this are kept and handed over here. */
    synchronized void attach(MinerThreads minerThreads) {
        this.threads = Objects.requireNonNull(minerThreads, "minerThreads");
        Mined mined = current;
        if (mined != null) {
            minerThreads.setJob(mined.hashJob(), range(mined.job()));
        }
    }

    @Override
    public synchronized void accept(MoneroJob upstream) {
        MoneroJob job = slice(upstream);
        Mined mined = new Mined(new HashJob(job.jobId(), job.blob(), job.target(), job.seedHash(), job.height()), job);
        previous = current;
        current = mined;
        MinerThreads t = threads;
        if (t != null) {
            t.setJob(mined.hashJob(), range(job));
        }
        LOG.debug("Mining job {} at height {}, difficulty {}", job.jobId(), job.height(), job.difficulty());
    }

    @Override
    public void onCandidate(Candidate candidate) {
        MoneroJob job = jobOf(candidate.job());
        if (job == null) {
            LOG.debug("Dropping a result for job {}: two jobs newer already", candidate.job().id());
            return;
        }
        Share share = new Share(job, (int) candidate.nonce(), candidate.hash());
        source.submit(share).thenAccept(results);
    }

    /** The job the node's own engine mines now, if any. */
    MoneroJob currentJob() {
        Mined mined = current;
        return mined == null ? null : mined.job();
    }

    private MoneroJob jobOf(HashJob hashJob) {
        Mined c = current;
        if (c != null && c.hashJob() == hashJob) {
            return c.job();
        }
        Mined p = previous;
        return p != null && p.hashJob() == hashJob ? p.job() : null;
    }

    /** Worker 0's slice; a job whose nonce top byte the pool already fixed is mined as it is. */
    private MoneroJob slice(MoneroJob upstream) {
        try {
            return source.forWorker(upstream, OWN_WORKER);
        } catch (IllegalStateException e) {
            LOG.debug("Job {} cannot be split ({}); mining it whole", upstream.jobId(), e.getMessage());
            return upstream;
        }
    }

    /** The nonces a job leaves free: the low 24 bits when its top byte is fixed, else all 32. */
    static NonceRange range(MoneroJob job) {
        int top = job.blob()[MoneroJob.NONCE_OFFSET + 3] & 0xFF;
        if (job.fixedNonceByte() || top != 0) {
            long start = (long) top << 24;
            return new NonceRange(start, start + (1L << 24));
        }
        return NonceRange.FULL;
    }
}
