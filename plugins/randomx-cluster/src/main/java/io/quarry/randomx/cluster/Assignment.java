package io.quarry.randomx.cluster;

import io.quarry.randomx.hashing.NonceRange;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.cluster.wire.WorkUnit;

/**
 * A range of one job the master gave one member.
 *
 * @param id the assignment id (increasing)
 * @param member the member's node id
 * @param job the job (the cluster's slice of the upstream job)
 * @param range the nonces the member may try
 */
public record Assignment(long id, String member, MoneroJob job, NonceRange range) {

    /** The WORKUNIT_ASSIGN message for it. */
    public WorkUnit toWorkUnit() {
        return new WorkUnit(id, job.jobId(), job.blob(), job.seedHash(), job.target(), job.height(), range.start(),
                range.end());
    }
}
