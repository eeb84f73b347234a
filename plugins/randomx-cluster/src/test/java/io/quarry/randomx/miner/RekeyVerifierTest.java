package io.quarry.randomx.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.randomx.hashing.EngineSettings;
import io.quarry.randomx.hashing.HugePagesPolicy;
import io.quarry.randomx.hashing.RandomXEngine;
import io.quarry.randomx.hashing.RandomXMode;
import io.quarry.randomx.job.JobFixtures;
import io.quarry.randomx.job.MoneroJob;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Shares under the seed the engine is moving to are verified at once by a light verifier on that seed, with the
 * hash the engine itself gives once it holds the seed; the verifier is retired then.
 */
class RekeyVerifierTest {

    private static RandomXEngine light() {
        return RandomXEngine.open(EngineSettings.defaults().withMode(RandomXMode.LIGHT).withThreads(1)
                .withVerifierVms(1).withHugePages(HugePagesPolicy.OFF));
    }

    @Test
    void verifiesUnderTheNewSeedBeforeTheEngineHoldsIt() {
        MoneroJob next = JobFixtures.job("next", 1, 0);
        byte[] oldSeed = new byte[32];
        List<RandomXEngine> made = new CopyOnWriteArrayList<>();
        try (RandomXEngine engine = light()) {
            engine.setSeed(oldSeed);
            RekeyVerifier verifier = new RekeyVerifier(engine, engine::isSeed, () -> Optional.of(next), seed -> {
                RandomXEngine e = light();
                e.setSeed(seed);
                made.add(e);
                return new RekeyVerifier.LightVerifier() {
                    @Override
                    public byte[] hash(byte[] input) {
                        return e.hash(input);
                    }

                    @Override
                    public Optional<byte[]> hashIfSeed(byte[] seedHash, byte[] input) {
                        return e.hashIfSeed(seedHash, input);
                    }

                    @Override
                    public List<byte[]> hashAll(List<byte[]> inputs) {
                        return e.hashAll(inputs);
                    }

                    @Override
                    public void close() {
                        e.close();
                    }
                };
            });
            byte[] blob = next.blobWithNonce(7);
            byte[] early = verifier.hash(next.seedHash(), blob);
            assertThat(verifier.hasLightVerifier()).as("the engine still holds the old seed").isTrue();
            assertThatThrownBy(() -> verifier.hash(new byte[] {1, 2, 3}, blob))
                    .as("a seed nobody is moving to").isInstanceOf(IllegalStateException.class);

            engine.setSeed(next.seedHash());
            byte[] late = verifier.hash(next.seedHash(), blob);
            assertThat(late).as("the light verifier's hash is the engine's").isEqualTo(early);
            assertThat(verifier.hasLightVerifier()).as("retired once the engine holds the seed").isFalse();
            assertThat(made).hasSize(1);
            verifier.close();
        }
    }
}
