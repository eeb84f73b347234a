package io.quarry.randomx.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.jsonrpc.JsonRpcValue;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StratumJobFormatTest {

    @Test
    void readsAPoolJob() {
        MoneroJob job = parse(JobFixtures.poolJob("42", JobFixtures.BLOB, "b88d0600"));
        assertThat(job.jobId()).isEqualTo("42");
        assertThat(HexFormat.of().formatHex(job.blob())).isEqualTo(JobFixtures.BLOB);
        assertThat(job.difficulty()).isEqualTo(10000);
        assertThat(HexFormat.of().formatHex(job.seedHash())).isEqualTo(JobFixtures.SEED);
        assertThat(job.height()).isEqualTo(3195018);
        assertThat(job.algo()).isEqualTo("rx/0");
        assertThat(job.worker()).isEqualTo(-1);
    }

    @Test
    void writesWhatItReads() {
        MoneroJob job = JobFixtures.job("7", 5000, 3);
        Map<String, Object> written = StratumJobFormat.write(job, "7", MoneroDifficulty.targetHex(5000), "login-1");
        assertThat(written).containsEntry("algo", "rx/0").containsEntry("id", "login-1")
                .containsEntry("seed_hash", JobFixtures.SEED);
        assertThat(parse(written)).isEqualTo(job);
    }

    @Test
    void refusesBlobsShorterThan76Bytes() {
        assertRefused(JobFixtures.poolJob("1", JobFixtures.BLOB.substring(0, 150), "b88d0600"),
                InvalidJobException.BLOB_LENGTH, "75 bytes");
    }

    @Test
    void refusesJobsWithoutSeedHash() {
        Map<String, Object> job = JobFixtures.poolJob("1", JobFixtures.BLOB, "b88d0600");
        job.remove("seed_hash");
        assertRefused(job, InvalidJobException.SEED_HASH, "no seed_hash");
        job.put("seed_hash", "abcd");
        assertRefused(job, InvalidJobException.SEED_HASH, "2 bytes");
    }

    @Test
    void refusesMalformedJobs() {
        assertRefused(with("job_id", 42), InvalidJobException.MALFORMED, "params.job_id: expected a string");
        assertRefused(with("blob", "xyz"), InvalidJobException.MALFORMED, "even number");
        assertRefused(with("blob", JobFixtures.BLOB.replace('a', 'g')), InvalidJobException.MALFORMED, "not hex");
        assertRefused(with("blob", List.of()), InvalidJobException.MALFORMED, "expected a string");
        assertRefused(with("height", "12"), InvalidJobException.MALFORMED, "params.height");
        assertRefused(with("target", "123"), InvalidJobException.TARGET, "even number");
        assertRefused(with("target", "00000000"), InvalidJobException.TARGET, "zero");
        assertRefused(with("algo", "rx/wow"), InvalidJobException.ALGO, "rx/wow");
        assertThatThrownBy(() -> StratumJobFormat.parse(new JsonRpcValue("params", List.of(1))))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("not an object");
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> job = new LinkedHashMap<>(JobFixtures.poolJob("1", JobFixtures.BLOB, "b88d0600"));
        job.put(key, value);
        return job;
    }

    private static void assertRefused(Map<String, Object> job, String reason, String message) {
        assertThatThrownBy(() -> parse(job)).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((InvalidJobException) e).reason()).isEqualTo(reason));
    }

    private static MoneroJob parse(Map<String, Object> job) {
        return StratumJobFormat.parse(new JsonRpcValue("params", job));
    }
}
