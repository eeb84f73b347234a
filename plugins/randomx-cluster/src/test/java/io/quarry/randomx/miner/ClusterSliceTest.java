package io.quarry.randomx.miner;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.randomx.job.JobFixtures;
import io.quarry.randomx.job.MoneroJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The cluster's slice of each upstream job, and no stale job when there is none. */
class ClusterSliceTest {

    private final List<MoneroJob> given = new ArrayList<>();
    private final AtomicInteger cleared = new AtomicInteger();

    @Test
    void aJobThatCannotBeSplitClearsTheClustersJobAndWarnsOncePerJob() {
        MoneroJob fixed = JobFixtures.job("fixed", 1, 0);
        MoneroJob open = JobFixtures.job("open", 1, 1);
        ClusterSlice slice = new ClusterSlice(job -> {
            if (job == fixed) {
                throw new IllegalStateException("the pool fixes the nonce's top byte");
            }
            return job;
        }, given::add, cleared::incrementAndGet);

        slice.accept(open);
        assertThat(given).containsExactly(open);
        assertThat(cleared).hasValue(0);

        slice.accept(fixed);
        slice.accept(fixed);
        assertThat(cleared).as("the previous job is withdrawn every time").hasValue(2);
        assertThat(given).as("the previous job is not handed out again").containsExactly(open);
        assertThat(slice.unsplittable()).isEqualTo(2);
        assertThat(slice.warnedFor()).isEqualTo("fixed");

        slice.accept(open);
        assertThat(given).containsExactly(open, open);
    }
}
