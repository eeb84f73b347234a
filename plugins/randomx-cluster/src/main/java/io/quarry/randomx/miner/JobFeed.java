package io.quarry.randomx.miner;

import io.quarry.randomx.hashing.MinerThreads;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.WorkSource;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a {@link WorkSource}'s jobs to the node's own {@link MinerThreads}: every upstream job becomes worker 0's
 * slice ({@link WorkSource#forWorker}; outside miners on the Stratum endpoint get the other indexes).
 */
final class JobFeed implements Consumer<MoneroJob> {

    private static final Logger LOG = LoggerFactory.getLogger(JobFeed.class);
    /** The node's own engine; outside miners get indexes from 1. */
    static final int OWN_WORKER = 0;

    private final WorkSource source;
    private final MinerThreads threads;
    private volatile MoneroJob current;

    JobFeed(WorkSource source, MinerThreads threads) {
        this.source = Objects.requireNonNull(source, "source");
        this.threads = Objects.requireNonNull(threads, "threads");
    }

    @Override
    public void accept(MoneroJob upstream) {
        MoneroJob job = slice(upstream);
        current = job;
        threads.setJob(job, source.nonceRange(job));
        LOG.debug("Mining job {} at height {}, difficulty {}", job.jobId(), job.height(), job.difficulty());
    }

    /** The job the node's own engine mines now, if any. */
    MoneroJob currentJob() {
        return current;
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
}
