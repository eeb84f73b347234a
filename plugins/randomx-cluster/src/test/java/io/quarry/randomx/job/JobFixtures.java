package io.quarry.randomx.job;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Jobs and job messages for tests. */
public final class JobFixtures {

    /** The hashing blob of monerod's documented get_block_template example (height 3195018, 76 bytes). */
    public static final String BLOB = "1010f4bae0b4069d648e741d85ca0e7acb4501f051b27e9b107d3cd7a3f03aa7f776089117c81a"
            + "00000000e0c20372be23d356347091025c5b5e8f2abf83ab618378565cce2b703491523401";
    public static final String SEED = "e2aa0b7b55042cd48b02e395d78fa66a29815ccc1584e38db2d1f0e8485cd44f";

    private JobFixtures() {
    }

    /** A pool's job message. */
    public static Map<String, Object> poolJob(String jobId, String blob, String target) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("blob", blob);
        job.put("job_id", jobId);
        job.put("target", target);
        job.put("algo", "rx/0");
        job.put("height", 3195018L);
        job.put("seed_hash", SEED);
        return job;
    }

    /** A job at {@code difficulty} over the fixture blob with byte 0 of the previous id varied by {@code variant}. */
    public static MoneroJob job(String jobId, long difficulty, int variant) {
        byte[] blob = HexFormat.of().parseHex(BLOB);
        blob[7] = (byte) variant;
        return new MoneroJob(jobId, blob, MoneroDifficulty.targetOf(difficulty), HexFormat.of().parseHex(SEED),
                3195018, MoneroJob.ALGO_RX0, -1, false);
    }
}
