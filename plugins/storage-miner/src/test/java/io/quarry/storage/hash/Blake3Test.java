package io.quarry.storage.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.junit.jupiter.api.Test;

/**
 * BLAKE3 against the official test vectors (BLAKE3-team/BLAKE3, test_vectors/test_vectors.json, default hash
 * mode, copied to the test resource blake3-test-vectors.txt), on every chunk path: vectorized, scalar with several
 * batch sizes, and fed in random pieces.
 */
class Blake3Test {

    record Vector(int length, String hash) {
    }

    static List<Vector> vectors() throws IOException {
        List<Vector> vectors = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Blake3Test.class.getResourceAsStream("/blake3-test-vectors.txt"), StandardCharsets.US_ASCII))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] parts = line.split(" ");
                    vectors.add(new Vector(Integer.parseInt(parts[0]), parts[1]));
                }
            }
        }
        return vectors;
    }

    static byte[] input(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i % 251);
        }
        return data;
    }

    @Test
    void vectorsFileHasEveryPublishedCase() throws IOException {
        assertThat(vectors()).hasSize(22).allSatisfy(v -> assertThat(v.hash()).hasSize(262));
    }

    @Test
    void defaultHasherMatchesOfficialVectors() throws IOException {
        assertVectors(Blake3::newHasher);
    }

    @Test
    void scalarHasherMatchesOfficialVectorsForEveryBatchSize() throws IOException {
        for (int lanes : new int[] {1, 2, 3, 8, 16}) {
            assertVectors(() -> new Blake3(new Blake3ScalarChunks(lanes)));
        }
    }

    @Test
    void vectorHasherMatchesOfficialVectorsWhenTheModuleIsPresent() throws IOException {
        // The build runs the tests with --add-modules jdk.incubator.vector, so this path is always exercised.
        assertThat(Blake3.vectorized()).isTrue();
        assertVectors(() -> new Blake3(new Blake3VectorChunks()));
    }

    @Test
    void extendedOutputPrefixIsTheDefaultDigest() throws IOException {
        for (Vector v : vectors()) {
            byte[] data = input(v.length());
            assertThat(HexFormat.of().formatHex(Blake3.hash(data))).isEqualTo(v.hash().substring(0, 64));
        }
    }

    @Test
    void piecewiseUpdatesEqualOneShotAndDigestDoesNotEndTheHasher() {
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            byte[] data = new byte[random.nextInt(300_000)];
            random.nextBytes(data);
            Blake3 hasher = Blake3.newHasher();
            int at = 0;
            while (at < data.length) {
                int n = Math.min(data.length - at, random.nextInt(40_000));
                hasher.update(data, at, n);
                at += n;
                if (random.nextInt(4) == 0) {
                    assertThat(hasher.digest()).isEqualTo(Blake3.hash(data, 0, at));
                }
            }
            assertThat(hasher.digest()).as("length %d", data.length).isEqualTo(Blake3.hash(data));
        }
    }

    @Test
    void agreesWithBouncyCastleOnLargeRandomInputs() {
        Random random = new Random(11);
        for (int length : new int[] {16 * 1024, 16 * 1024 + 1, 1 << 20, (1 << 21) + 12345, 3_000_001}) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            Blake3Digest reference = new Blake3Digest(256);
            reference.update(data, 0, data.length);
            byte[] expected = new byte[32];
            reference.doFinal(expected, 0);
            assertThat(Blake3.hash(data)).as("length %d", length).isEqualTo(expected);
            assertThat(new Blake3(new Blake3ScalarChunks(4)).update(data).digest()).isEqualTo(expected);
        }
    }

    @Test
    void directAndHeapBuffersHashTheirRemainingBytes() {
        byte[] data = input(70_000);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length + 10).position(10);
        direct.put(data).position(10);
        assertThat(Blake3.newHasher().update(direct).digest()).isEqualTo(Blake3.hash(data));
        assertThat(direct.hasRemaining()).isFalse();
        ByteBuffer heap = ByteBuffer.wrap(data, 5, 100);
        assertThat(Blake3.newHasher().update(heap).digest()).isEqualTo(Blake3.hash(data, 5, 100));
    }

    private static void assertVectors(Supplier<Blake3> hashers) throws IOException {
        for (Vector v : vectors()) {
            byte[] data = input(v.length());
            byte[] out = hashers.get().update(data).digest(131);
            assertThat(HexFormat.of().formatHex(out)).as("input length %d", v.length()).isEqualTo(v.hash());
            Blake3 split = hashers.get();
            split.update(data, 0, data.length / 3);
            split.update(Arrays.copyOfRange(data, data.length / 3, data.length));
            assertThat(HexFormat.of().formatHex(split.digest())).isEqualTo(v.hash().substring(0, 64));
        }
    }
}
