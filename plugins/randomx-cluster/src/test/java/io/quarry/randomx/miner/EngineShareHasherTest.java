package io.quarry.randomx.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.randomx.hashing.EngineSettings;
import io.quarry.randomx.hashing.HugePagesPolicy;
import io.quarry.randomx.hashing.RandomXEngine;
import io.quarry.randomx.hashing.RandomXMode;
import io.quarry.randomx.job.JobFixtures;
import io.quarry.randomx.job.MoneroJob;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Outside miners' shares are checked with the node's engine, waiting for a key that is on its way. */
class EngineShareHasherTest {

    @Test
    void waitsForTheSeedTheNodeIsMovingToAndRefusesOthers() throws Exception {
        MoneroJob job = JobFixtures.job("j", 1000, 0);
        byte[] blob = job.blobWithNonce(42);
        byte[] otherSeed = new byte[32];
        try (RandomXEngine engine = RandomXEngine.open(EngineSettings.defaults().withMode(RandomXMode.LIGHT)
                .withThreads(1).withHugePages(HugePagesPolicy.OFF))) {
            EngineShareHasher hasher = new EngineShareHasher(engine, () -> Optional.of(job));
            assertThatThrownBy(() -> hasher.hash(otherSeed, blob)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not keyed");

            Thread keying = Thread.ofPlatform().start(() -> engine.setSeed(job.seedHash()));
            byte[] hash = hasher.hash(job.seedHash(), blob); // the engine has no key yet: this waits for it
            keying.join();
            assertThat(HexFormat.of().formatHex(hash)).isEqualTo(HexFormat.of().formatHex(engine.hash(blob)));

            EngineShareHasher elsewhere = new EngineShareHasher(engine, Optional::empty);
            assertThat(elsewhere.hash(job.seedHash(), blob)).isEqualTo(hash);
            assertThatThrownBy(() -> elsewhere.hash(otherSeed, blob)).isInstanceOf(IllegalStateException.class);
        }
    }
}
