package io.quarry.storage.hash;

import static jdk.incubator.vector.VectorOperators.ROR;
import static jdk.incubator.vector.VectorOperators.XOR;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Hashes as many whole chunks at once as the CPU has 32-bit vector lanes (16 with AVX-512, 8 with AVX2), one
 * chunk per lane, with the Java Vector API: the same data-parallel scheme as the BLAKE3 reference's
 * {@code hash_many} (specification, section 5.3). Words are gathered so lane {@code l} reads chunk {@code l};
 * state and message are local variables, as in {@link Blake3Compress}, so the vectors stay in registers.
 *
 * <p>Only loaded when the {@code jdk.incubator.vector} module is in the boot layer (see {@link Blake3}).
 */
final class Blake3VectorChunks implements Blake3Chunks {

    private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;
    private static final int WORDS_PER_CHUNK = Blake3Compress.CHUNK_LEN / 4;

    private final int lanes = SPECIES.length();
    private final int[] gather = new int[lanes];
    private final int[] counterLo = new int[lanes];
    private final int[] counterHi = new int[lanes];
    private final int[] transposed = new int[8 * lanes];

    Blake3VectorChunks() {
        for (int l = 0; l < lanes; l++) {
            gather[l] = l * WORDS_PER_CHUNK;
        }
    }

    @Override
    public int lanes() {
        return lanes;
    }

    @Override
    public void hashChunks(int[] words, int wordsOff, long counter, int[] cvOut) {
        for (int l = 0; l < lanes; l++) {
            counterLo[l] = (int) (counter + l);
            counterHi[l] = (int) ((counter + l) >>> 32);
        }
        IntVector ctrLo = IntVector.fromArray(SPECIES, counterLo, 0);
        IntVector ctrHi = IntVector.fromArray(SPECIES, counterHi, 0);
        IntVector iv0 = IntVector.broadcast(SPECIES, 0x6A09E667);
        IntVector iv1 = IntVector.broadcast(SPECIES, 0xBB67AE85);
        IntVector iv2 = IntVector.broadcast(SPECIES, 0x3C6EF372);
        IntVector iv3 = IntVector.broadcast(SPECIES, 0xA54FF53A);
        IntVector blockLen = IntVector.broadcast(SPECIES, Blake3Compress.BLOCK_LEN);
        IntVector h0 = iv0, h1 = iv1, h2 = iv2, h3 = iv3;
        IntVector h4 = IntVector.broadcast(SPECIES, 0x510E527F);
        IntVector h5 = IntVector.broadcast(SPECIES, 0x9B05688C);
        IntVector h6 = IntVector.broadcast(SPECIES, 0x1F83D9AB);
        IntVector h7 = IntVector.broadcast(SPECIES, 0x5BE0CD19);
        for (int b = 0; b < 16; b++) {
            int base = wordsOff + b * 16;
            IntVector m0 = IntVector.fromArray(SPECIES, words, base + 0, gather, 0);
            IntVector m1 = IntVector.fromArray(SPECIES, words, base + 1, gather, 0);
            IntVector m2 = IntVector.fromArray(SPECIES, words, base + 2, gather, 0);
            IntVector m3 = IntVector.fromArray(SPECIES, words, base + 3, gather, 0);
            IntVector m4 = IntVector.fromArray(SPECIES, words, base + 4, gather, 0);
            IntVector m5 = IntVector.fromArray(SPECIES, words, base + 5, gather, 0);
            IntVector m6 = IntVector.fromArray(SPECIES, words, base + 6, gather, 0);
            IntVector m7 = IntVector.fromArray(SPECIES, words, base + 7, gather, 0);
            IntVector m8 = IntVector.fromArray(SPECIES, words, base + 8, gather, 0);
            IntVector m9 = IntVector.fromArray(SPECIES, words, base + 9, gather, 0);
            IntVector m10 = IntVector.fromArray(SPECIES, words, base + 10, gather, 0);
            IntVector m11 = IntVector.fromArray(SPECIES, words, base + 11, gather, 0);
            IntVector m12 = IntVector.fromArray(SPECIES, words, base + 12, gather, 0);
            IntVector m13 = IntVector.fromArray(SPECIES, words, base + 13, gather, 0);
            IntVector m14 = IntVector.fromArray(SPECIES, words, base + 14, gather, 0);
            IntVector m15 = IntVector.fromArray(SPECIES, words, base + 15, gather, 0);
            int flags = (b == 0 ? Blake3Compress.CHUNK_START : 0) | (b == 15 ? Blake3Compress.CHUNK_END : 0);
            IntVector v0 = h0, v1 = h1, v2 = h2, v3 = h3, v4 = h4, v5 = h5, v6 = h6, v7 = h7;
            IntVector v8 = iv0, v9 = iv1, v10 = iv2, v11 = iv3;
            IntVector v12 = ctrLo, v13 = ctrHi, v14 = blockLen, v15 = IntVector.broadcast(SPECIES, flags);
            for (int round = 0; round < 7; round++) {
                v0 = v0.add(v4).add(m0); v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16); v8 = v8.add(v12); v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12);
                v0 = v0.add(v4).add(m1); v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8); v8 = v8.add(v12); v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7);
                v1 = v1.add(v5).add(m2); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16); v9 = v9.add(v13); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12);
                v1 = v1.add(v5).add(m3); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8); v9 = v9.add(v13); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7);
                v2 = v2.add(v6).add(m4); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16); v10 = v10.add(v14); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12);
                v2 = v2.add(v6).add(m5); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8); v10 = v10.add(v14); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7);
                v3 = v3.add(v7).add(m6); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16); v11 = v11.add(v15); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
                v3 = v3.add(v7).add(m7); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8); v11 = v11.add(v15); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
                v0 = v0.add(v5).add(m8); v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16); v10 = v10.add(v15); v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12);
                v0 = v0.add(v5).add(m9); v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8); v10 = v10.add(v15); v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7);
                v1 = v1.add(v6).add(m10); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16); v11 = v11.add(v12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12);
                v1 = v1.add(v6).add(m11); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8); v11 = v11.add(v12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7);
                v2 = v2.add(v7).add(m12); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16); v8 = v8.add(v13); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12);
                v2 = v2.add(v7).add(m13); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8); v8 = v8.add(v13); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7);
                v3 = v3.add(v4).add(m14); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16); v9 = v9.add(v14); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
                v3 = v3.add(v4).add(m15); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8); v9 = v9.add(v14); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
                if (round < 6) {
                    // Between rounds the message words are permuted (specification, section 2.2, Table 2).
                    IntVector t0 = m2, t1 = m6, t2 = m3, t3 = m10, t4 = m7, t5 = m0, t6 = m4, t7 = m13;
                    IntVector t8 = m1, t9 = m11, t10 = m12, t11 = m5, t12 = m9, t13 = m14, t14 = m15, t15 = m8;
                    m0 = t0; m1 = t1; m2 = t2; m3 = t3; m4 = t4; m5 = t5; m6 = t6; m7 = t7;
                    m8 = t8; m9 = t9; m10 = t10; m11 = t11; m12 = t12; m13 = t13; m14 = t14; m15 = t15;
                }
            }
            h0 = v0.lanewise(XOR, v8);
            h1 = v1.lanewise(XOR, v9);
            h2 = v2.lanewise(XOR, v10);
            h3 = v3.lanewise(XOR, v11);
            h4 = v4.lanewise(XOR, v12);
            h5 = v5.lanewise(XOR, v13);
            h6 = v6.lanewise(XOR, v14);
            h7 = v7.lanewise(XOR, v15);
        }
        h0.intoArray(transposed, 0);
        h1.intoArray(transposed, lanes);
        h2.intoArray(transposed, 2 * lanes);
        h3.intoArray(transposed, 3 * lanes);
        h4.intoArray(transposed, 4 * lanes);
        h5.intoArray(transposed, 5 * lanes);
        h6.intoArray(transposed, 6 * lanes);
        h7.intoArray(transposed, 7 * lanes);
        for (int l = 0; l < lanes; l++) {
            for (int i = 0; i < 8; i++) {
                cvOut[l * 8 + i] = transposed[i * lanes + l];
            }
        }
    }
}
