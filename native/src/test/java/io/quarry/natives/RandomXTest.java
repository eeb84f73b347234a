package io.quarry.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The binding against librandomx, light mode only (fast mode is tested in the plugin's engine tests). Reference
 * vectors: RandomX repository, src/tests/tests.cpp, "Hash test 1a-1c / 2a-2c" and "Hash batch test" (RandomX v1,
 * key "test key 000").
 */
class RandomXTest {

    static final byte[] KEY = "test key 000".getBytes(StandardCharsets.US_ASCII);
    static final String[][] VECTORS = {
        {"This is a test", "639183aae1bf4c9a35884cb46b09cad9175f04efd7684e7262a0ac1c2f0b4e3f"},
        {"Lorem ipsum dolor sit amet", "300a0adb47603dedb42228ccb2b211104f4da45af709cd7547cd049e9489c969"},
        {"sed do eiusmod tempor incididunt ut labore et dolore magna aliqua",
            "c36d4ed4191e617309867ed66a443be4075014e2b061bcdaf9ce7b721d2b77a8"},
    };

    static RandomX rx;
    static int flags;
    static Pointer cache;

    @BeforeAll
    static void initCache() {
        rx = RandomX.load();
        flags = rx.recommendedFlags();
        cache = rx.allocCache(flags);
        assertThat(cache).isNotNull();
        rx.initCache(cache, KEY);
    }

    @AfterAll
    static void releaseCache() {
        rx.releaseCache(cache);
    }

    @Test
    void loadsOnceAndRecommendsNoMemoryFlags() {
        assertThat(RandomX.load()).isSameAs(rx);
        assertThat(flags & (RandomXFlags.FULL_MEM | RandomXFlags.LARGE_PAGES)).isZero();
    }

    @Test
    void lightModeMatchesReferenceVectorsWithRecommendedFlags() {
        assertVectors(flags);
    }

    @Test
    void interpreterMatchesReferenceVectors() {
        assertVectors(RandomXFlags.DEFAULT);
    }

    @Test
    void batchFunctionsMatchReferenceVectors() {
        Pointer vm = rx.createVm(flags, cache, null);
        try (Memory out = new Memory(RandomX.HASH_SIZE)) {
            Memory[] inputs = new Memory[VECTORS.length];
            for (int i = 0; i < VECTORS.length; i++) {
                byte[] bytes = VECTORS[i][0].getBytes(StandardCharsets.US_ASCII);
                inputs[i] = new Memory(bytes.length);
                inputs[i].write(0, bytes, 0, bytes.length);
            }
            rx.calculateHashFirst(vm, inputs[0], inputs[0].size());
            for (int i = 1; i < inputs.length; i++) {
                rx.calculateHashNext(vm, inputs[i], inputs[i].size(), out);
                assertThat(hex(out)).isEqualTo(VECTORS[i - 1][1]);
            }
            rx.calculateHashLast(vm, out);
            assertThat(hex(out)).isEqualTo(VECTORS[VECTORS.length - 1][1]);
        } finally {
            rx.destroyVm(vm);
            FloatingPoint.restoreDefaultRounding();
        }
    }

    @Test
    void missingLibraryErrorNamesThePackage() {
        assertThatThrownBy(() -> RandomX.load("librandomx-absent.so.0"))
                .isInstanceOf(NativeLibraryMissingException.class)
                .hasMessageContaining("librandomx-absent.so.0")
                .hasMessageContaining("apt-get install librandomx0");
    }

    @Test
    void rejectsVmWithoutTheMemoryItsModeNeeds() {
        assertThatThrownBy(() -> rx.createVm(flags | RandomXFlags.FULL_MEM, cache, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dataset");
    }

    @Test
    void describesFlags() {
        assertThat(RandomXFlags.describe(RandomXFlags.JIT | RandomXFlags.HARD_AES | RandomXFlags.ARGON2_AVX2))
                .isEqualTo("HARD_AES|JIT|ARGON2_AVX2");
        assertThat(RandomXFlags.describe(0)).isEqualTo("DEFAULT");
    }

    private static void assertVectors(int vmFlags) {
        Pointer vm = rx.createVm(vmFlags, cache, null);
        assertThat(vm).isNotNull();
        try {
            for (String[] vector : VECTORS) {
                byte[] hash = rx.calculateHash(vm, vector[0].getBytes(StandardCharsets.US_ASCII));
                assertThat(HexFormat.of().formatHex(hash)).as(vector[0]).isEqualTo(vector[1]);
            }
        } finally {
            rx.destroyVm(vm);
        }
    }

    private static String hex(Memory out) {
        return HexFormat.of().formatHex(out.getByteArray(0, RandomX.HASH_SIZE));
    }
}
