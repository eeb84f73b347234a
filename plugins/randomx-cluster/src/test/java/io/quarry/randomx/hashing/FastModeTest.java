package io.quarry.randomx.hashing;

import static io.quarry.randomx.hashing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fast mode end to end: reference vectors over the full dataset, one by one and through the batch API, then two
 * jobs with new seeds that rebuild the dataset under running miners, whose hashes must match a light engine's.
 * Three dataset initialisations (about 35 s each on 2 cores) and 2.3 GiB of native memory, hence "slow".
 */
@Tag("slow")
class FastModeTest {

    /** A dataset rebuild takes about 35 s on 2 idle cores; CI machines are rarely idle. */
    private static final Duration REBUILD = Duration.ofMinutes(10);

    @Test
    void fastModeMatchesReferenceVectorsAndRekeysTheDataset() throws Exception {
        CandidateQueue found = new CandidateQueue();
        try (RandomXEngine engine = Engines.fast(2);
             MinerThreads miners = new MinerThreads(engine, MinerSettings.defaults().withThreads(2), found)) {
            assertThat(engine.mode()).isEqualTo(RandomXMode.FAST);
            engine.setSeed(Vectors.KEY_000);
            assertThat(engine.datasetInitMillis()).isPositive();
            assertThat(hex(engine.hash(Vectors.THIS_IS_A_TEST))).isEqualTo(Vectors.HASH_A);
            assertThat(hex(engine.hash(Vectors.LOREM))).isEqualTo(Vectors.HASH_B);
            assertThat(engine.hashAll(List.of(Vectors.THIS_IS_A_TEST, Vectors.LOREM, Vectors.SED_DO)).stream().map(Vectors::hex))
                    .containsExactly(Vectors.HASH_A, Vectors.HASH_B, Vectors.HASH_C);

            String hashA;
            String hashB;
            try (RandomXEngine oracle = Engines.light(1)) {
                hashA = RekeyTest.expected(oracle, Vectors.SEED_32);
                hashB = RekeyTest.expected(oracle, Vectors.SEED_32_B);
            }
            // Jobs with new seeds: the miners re-key the engine (the dataset rebuilt on all threads) and point
            // their VMs, which live across the re-key, at the new dataset.
            miners.start();
            miners.setJob(RekeyTest.moneroBlobJob("a", Vectors.SEED_32), RekeyTest.NONCE_ZERO);
            assertThat(hex(found.takeFor("a", REBUILD).hash())).isEqualTo(hashA);
            miners.setJob(RekeyTest.moneroBlobJob("b", Vectors.SEED_32_B), RekeyTest.NONCE_ZERO);
            assertThat(hex(found.takeFor("b", REBUILD).hash())).isEqualTo(hashB);
            assertThat(found.threads).as("the same threads mined under both keys").hasSizeLessThanOrEqualTo(2);
            assertThat(engine.isSeed(Vectors.SEED_32_B)).isTrue();
            assertThat(hex(engine.hash(Vectors.MONERO_BLOB))).isEqualTo(hashB);
        }
    }
}
