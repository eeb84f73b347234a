package io.quarry.randomx.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ShareCountersTest {

    @Test
    void countsByReasonUnderFixedMeterNames() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ShareCounters counters = new ShareCounters(registry, "pool");
        counters.accepted();
        counters.rejected(SubmitResult.LOW_DIFFICULTY);
        counters.rejected(SubmitResult.LOW_DIFFICULTY);
        counters.rejected(SubmitResult.DUPLICATE);
        counters.jobRefused(InvalidJobException.SEED_HASH);

        assertThat(counters.acceptedCount()).isEqualTo(1);
        assertThat(counters.rejectedCount()).isEqualTo(3);
        assertThat(counters.rejectedByReason()).containsEntry("low_difficulty", 2L).containsEntry("duplicate", 1L);
        assertThat(registry.get("quarry.randomx.shares.rejected").tag("source", "pool")
                .tag("reason", "low_difficulty").counter().count()).isEqualTo(2);
        assertThat(registry.get("quarry.randomx.shares.accepted").tag("source", "pool").counter().count()).isEqualTo(1);
        assertThat(registry.get("quarry.randomx.jobs.refused").tag("reason", "seed_hash").counter().count()).isEqualTo(1);
    }

    @Test
    void mapsPoolMessagesToAFewReasons() {
        assertThat(SubmitResult.reasonOf("Low difficulty share")).isEqualTo(SubmitResult.LOW_DIFFICULTY);
        assertThat(SubmitResult.reasonOf("Duplicate share")).isEqualTo(SubmitResult.DUPLICATE);
        assertThat(SubmitResult.reasonOf("Block expired")).isEqualTo(SubmitResult.STALE);
        assertThat(SubmitResult.reasonOf("Invalid job id")).isEqualTo(SubmitResult.STALE);
        assertThat(SubmitResult.reasonOf("Unauthenticated")).isEqualTo(SubmitResult.UNAUTHENTICATED);
        assertThat(SubmitResult.reasonOf("Invalid nonce; is miner not compatible with NiceHash?"))
                .isEqualTo(SubmitResult.INVALID_NONCE);
        assertThat(SubmitResult.reasonOf("Something odd")).isEqualTo(SubmitResult.OTHER);
        assertThat(SubmitResult.reasonOf(null)).isEqualTo(SubmitResult.OTHER);
    }
}
