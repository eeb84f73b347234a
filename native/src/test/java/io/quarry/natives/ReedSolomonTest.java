package io.quarry.natives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ISA-L Reed-Solomon binding: systematic encoding and reconstruction from any data-shard-sized subset. */
class ReedSolomonTest {

    @Test
    void parityIsTheCauchyCombinationOfTheData() {
        ReedSolomon rs = ReedSolomon.create(2, 1);
        byte[][] data = {{1, 0, 7}, {0, 1, 9}};
        byte[][] parity = rs.encode(data);
        // With data shards e0 and e1 the parity is the generator's coefficients themselves; no coefficient of a
        // Cauchy row is zero, and the same row applied to a third column must be linear in GF(2^8).
        assertThat(parity[0][0]).isNotZero();
        assertThat(parity[0][1]).isNotZero();
        byte expected = (byte) (IsalFunctions.gf_mul(parity[0][0], (byte) 7) ^ IsalFunctions.gf_mul(parity[0][1], (byte) 9));
        assertThat(parity[0][2]).isEqualTo(expected);
    }

    @Test
    void singleParityOverOneDataShardIsACopy() {
        // A 1 + 1 code can only be a repetition: the other shard must reconstruct the first.
        ReedSolomon rs = ReedSolomon.create(1, 1);
        byte[][] shards = {null, null};
        byte[] data = {5, 6, 7, 8};
        shards[1] = rs.encode(new byte[][] {data})[0];
        assertThat(rs.reconstruct(shards)[0]).isEqualTo(data);
    }

    @Test
    void reconstructsFromEveryChoiceOfDataShardsSizedSubset() {
        ReedSolomon rs = ReedSolomon.create(4, 2);
        byte[][] all = encodeRandom(rs, 1000, new Random(1));
        for (int a = 0; a < 6; a++) {
            for (int b = a + 1; b < 6; b++) {
                byte[][] damaged = all.clone();
                damaged[a] = null;
                damaged[b] = null;
                byte[][] rebuilt = rs.reconstruct(damaged);
                for (int i = 0; i < 6; i++) {
                    assertThat(rebuilt[i]).as("shard %d after losing %d and %d", i, a, b).isEqualTo(all[i]);
                }
            }
        }
    }

    @Test
    void reconstructsAfterRandomErasuresWithTheDefaultShape() {
        ReedSolomon rs = ReedSolomon.create(10, 20);
        Random random = new Random(42);
        for (int round = 0; round < 25; round++) {
            byte[][] all = encodeRandom(rs, 1 + random.nextInt(5000), random);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                order.add(i);
            }
            Collections.shuffle(order, random);
            int lose = random.nextInt(21);
            byte[][] damaged = all.clone();
            for (int i = 0; i < lose; i++) {
                damaged[order.get(i)] = null;
            }
            byte[][] rebuilt = rs.reconstruct(damaged);
            for (int i = 0; i < 30; i++) {
                assertThat(rebuilt[i]).as("round %d shard %d after losing %d", round, i, lose).isEqualTo(all[i]);
            }
        }
    }

    @Test
    void refusesToReconstructFromTooFewShards() {
        ReedSolomon rs = ReedSolomon.create(4, 2);
        byte[][] damaged = encodeRandom(rs, 64, new Random(3));
        damaged[0] = null;
        damaged[2] = null;
        damaged[5] = null;
        assertThatThrownBy(() -> rs.reconstruct(damaged))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need 4 shards");
    }

    @Test
    void directBuffersAreCodedInPlaceFromTheirPositions() {
        ReedSolomon rs = ReedSolomon.create(3, 2);
        ByteBuffer slab = ByteBuffer.allocateDirect(5 * 100);
        Random random = new Random(9);
        ByteBuffer[] shards = new ByteBuffer[5];
        byte[][] data = new byte[3][100];
        for (int i = 0; i < 5; i++) {
            shards[i] = slab.slice(i * 100, 100);
            if (i < 3) {
                random.nextBytes(data[i]);
                shards[i].put(0, data[i]);
            }
        }
        rs.encode(shards, 100);
        byte[][] parity = rs.encode(data);
        byte[] got = new byte[100];
        shards[4].get(0, got);
        assertThat(got).isEqualTo(parity[1]);

        shards[0].put(0, new byte[100]);
        rs.reconstruct(shards, new boolean[] {false, true, true, true, true}, 100);
        shards[0].get(0, got);
        assertThat(got).isEqualTo(data[0]);
    }

    @Test
    void rejectsImpossibleShapesAndHeapBuffers() {
        assertThatThrownBy(() -> ReedSolomon.create(0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReedSolomon.create(200, 57)).hasMessageContaining("at most 256");
        ReedSolomon rs = ReedSolomon.create(1, 1);
        assertThatThrownBy(() -> rs.encode(new ByteBuffer[] {ByteBuffer.allocate(4), ByteBuffer.allocateDirect(4)}, 4))
                .hasMessageContaining("direct buffer");
    }

    @Test
    void missingLibraryNamesThePackage() {
        assertThatThrownBy(() -> Isal.load("libisal-does-not-exist.so.9"))
                .isInstanceOf(NativeLibraryMissingException.class)
                .hasMessageContaining("apt-get install libisal2");
    }

    private static byte[][] encodeRandom(ReedSolomon rs, int length, Random random) {
        byte[][] all = new byte[rs.totalShards()][];
        byte[][] data = new byte[rs.dataShards()][length];
        for (byte[] shard : data) {
            random.nextBytes(shard);
        }
        byte[][] parity = rs.encode(data);
        System.arraycopy(data, 0, all, 0, data.length);
        System.arraycopy(parity, 0, all, data.length, parity.length);
        return all;
    }
}
