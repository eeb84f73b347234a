package io.quarry.randomx.hashing;

import static io.quarry.randomx.hashing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fast mode end to end: reference vectors over the full dataset, one by one, through the batch API and through
 * the mining loop, then a re-key that rebuilds the dataset under running miners. Two dataset initialisations
 * (about 35 s each on 2 cores) and 2.3 GiB of native memory, hence "slow".
 */
@Tag("slow")
class FastModeTest {

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

            miners.start();
            miners.setJob(RekeyTest.sedDoJob("k0", Vectors.KEY_000), RekeyTest.sedDoNonce());
            assertThat(found.takeFor("k0").hashHex()).isEqualTo(Vectors.HASH_C);

            // A job with a new seed: the miners re-key the engine (dataset rebuilt) and re-point their VMs.
            miners.setJob(RekeyTest.sedDoJob("k1", Vectors.KEY_001), RekeyTest.sedDoNonce());
            assertThat(found.takeFor("k1").hashHex()).isEqualTo(Vectors.HASH_D);
            assertThat(hex(engine.hash(Vectors.MONERO_BLOB))).isEqualTo(Vectors.HASH_E);
            assertThat(engine.isSeed(Vectors.KEY_001)).isTrue();
        }
    }
}
