package io.quarry.randomx.miner;

import io.quarry.randomx.job.MoneroJob;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the cluster master its slice of each upstream job. When a job cannot be split (a pool that fixes the
 * nonce's top byte leaves no slice for the cluster), the cluster's job is cleared, so members get "no work now"
 * instead of leasing the previous job, and a WARN is logged once per job.
 */
final class ClusterSlice implements Consumer<MoneroJob> {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSlice.class);

    private final Function<MoneroJob, MoneroJob> split;
    private final Consumer<MoneroJob> setJob;
    private final Runnable clearJob;
    private final AtomicLong unsplittable = new AtomicLong();
    private String warnedFor;

    /**
     * @param split the cluster's slice of a job; throws {@link IllegalStateException} when there is none
     * @param setJob gives the cluster a job
     * @param clearJob leaves the cluster without a job
     */
    ClusterSlice(Function<MoneroJob, MoneroJob> split, Consumer<MoneroJob> setJob, Runnable clearJob) {
        this.split = Objects.requireNonNull(split, "split");
        this.setJob = Objects.requireNonNull(setJob, "setJob");
        this.clearJob = Objects.requireNonNull(clearJob, "clearJob");
    }

    @Override
    public void accept(MoneroJob job) {
        MoneroJob slice;
        try {
            slice = split.apply(job);
        } catch (IllegalStateException e) {
            clearJob.run();
            unsplittable.incrementAndGet();
            synchronized (this) {
                if (job.jobId().equals(warnedFor)) {
                    return;
                }
                warnedFor = job.jobId();
            }
            LOG.warn("job {} cannot be split for the cluster ({}); members have no work until the next job",
                    job.jobId(), e.getMessage());
            return;
        }
        setJob.accept(slice);
    }

    /** Jobs (deliveries) that could not be split for the cluster. */
    long unsplittable() {
        return unsplittable.get();
    }

    /** The id of the last job a WARN was logged for, or null. */
    synchronized String warnedFor() {
        return warnedFor;
    }
}
