package io.quarry.randomx.hashing;

import static io.quarry.randomx.hashing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Light mode against the published vectors ({@link Vectors}), one by one and through the batch API. */
class ReferenceVectorsTest {

    static RandomXEngine engine;

    @BeforeAll
    static void open() {
        engine = Engines.light(1);
        engine.setSeed(Vectors.KEY_000);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void lightModeMatchesReferenceVectors() {
        assertThat(engine.mode()).isEqualTo(RandomXMode.LIGHT);
        assertThat(hex(engine.hash(Vectors.THIS_IS_A_TEST))).isEqualTo(Vectors.HASH_A);
        assertThat(hex(engine.hash(Vectors.LOREM))).isEqualTo(Vectors.HASH_B);
        assertThat(hex(engine.hash(Vectors.SED_DO))).isEqualTo(Vectors.HASH_C);
    }

    @Test
    void batchApiGivesTheSameHashesAsOneByOne() {
        List<byte[]> inputs = List.of(Vectors.THIS_IS_A_TEST, Vectors.LOREM, Vectors.SED_DO, Vectors.LOREM);
        List<String> batch = engine.hashAll(inputs).stream().map(Vectors::hex).toList();
        assertThat(batch).containsExactly(Vectors.HASH_A, Vectors.HASH_B, Vectors.HASH_C, Vectors.HASH_B);
        assertThat(engine.hashAll(List.of(Vectors.SED_DO)).stream().map(Vectors::hex)).containsExactly(Vectors.HASH_C);
    }

    @Test
    void hashIfSeedRefusesAnotherKey() {
        assertThat(engine.hashIfSeed(Vectors.KEY_000, Vectors.LOREM)).hasValueSatisfying(h -> assertThat(hex(h)).isEqualTo(Vectors.HASH_B));
        assertThat(engine.hashIfSeed(Vectors.KEY_001, Vectors.LOREM)).isEmpty();
    }

    @Test
    void batchIfSeedGivesTheReferenceHashesUnderTheKeyAndNothingUnderAnother() {
        List<byte[]> inputs = List.of(Vectors.SED_DO, Vectors.THIS_IS_A_TEST, Vectors.LOREM);
        assertThat(engine.hashAllIfSeed(Vectors.KEY_000, inputs)).hasValueSatisfying(hashes ->
                assertThat(hashes.stream().map(Vectors::hex)).containsExactly(Vectors.HASH_C, Vectors.HASH_A, Vectors.HASH_B));
        assertThat(engine.hashAllIfSeed(Vectors.KEY_001, inputs)).isEmpty();
        assertThat(engine.hashAllIfSeed(Vectors.KEY_000, List.of())).hasValue(List.of());
    }

    @Test
    void aBatchLongerThanOnePartKeepsItsOrderAcrossParts() {
        List<byte[]> inputs = new java.util.ArrayList<>();
        List<String> expected = new java.util.ArrayList<>();
        byte[][] cycle = {Vectors.SED_DO, Vectors.THIS_IS_A_TEST, Vectors.LOREM};
        String[] hashes = {Vectors.HASH_C, Vectors.HASH_A, Vectors.HASH_B};
        for (int i = 0; i < 2 * RandomXEngine.BATCH_PART + 3; i++) {
            inputs.add(cycle[i % 3]);
            expected.add(hashes[i % 3]);
        }
        assertThat(engine.hashAllIfSeed(Vectors.KEY_000, inputs)).hasValueSatisfying(got ->
                assertThat(got.stream().map(Vectors::hex)).containsExactlyElementsOf(expected));
    }

    @Test
    void concurrentVerificationsShareTheVerifierVms() throws Exception {
        List<Thread> callers = new java.util.ArrayList<>();
        java.util.Queue<String> results = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int i = 0; i < 6; i++) {
            callers.add(Thread.ofVirtual().start(() -> results.add(hex(engine.hash(Vectors.THIS_IS_A_TEST)))));
        }
        for (Thread caller : callers) {
            caller.join();
        }
        assertThat(results).hasSize(6).containsOnly(Vectors.HASH_A);
    }

    @Test
    void refusesToHashBeforeAKeyIsSet() {
        try (RandomXEngine unkeyed = Engines.light(1)) {
            assertThatThrownBy(() -> unkeyed.hash(Vectors.LOREM)).isInstanceOf(RandomXException.class)
                    .hasMessageContaining("setSeed");
        }
    }
}
