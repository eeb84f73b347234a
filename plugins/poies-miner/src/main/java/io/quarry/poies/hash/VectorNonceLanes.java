package io.quarry.poies.hash;

import static jdk.incubator.vector.VectorOperators.AND_NOT;
import static jdk.incubator.vector.VectorOperators.ROL;
import static jdk.incubator.vector.VectorOperators.XOR;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link NonceLanes} on the Java Vector API ({@code jdk.incubator.vector}): one Keccak-f[1600] per SIMD lane,
 * {@link LongVector} of the CPU's preferred width (8 lanes of 64 bits with AVX-512, 4 with AVX2), so one pass of the
 * permutation hashes that many nonces. Lane {@code i} of each of the 25 state vectors is lane {@code (x, y)} of
 * nonce {@code i}'s state; the round is {@link KeccakF1600}'s, operation for operation, on vectors (the JIT turns
 * the rotations into {@code vprolq} and folds XOR/AND-NOT pairs into {@code vpternlogq} on AVX-512).
 *
 * <p>Only the first lane of the output state is kept (the digest's top 64 bits), so the last round computes
 * that lane alone. Loading this class needs the module on the boot layer ({@code --add-modules
 * jdk.incubator.vector}); {@link ScanKernel#detect()} checks that before touching it.
 */
final class VectorNonceLanes implements NonceLanes {

    /** The widest species the CPU runs natively (a constant, so the JIT compiles every operation to SIMD). */
    private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;
    private static final long[] ROUND_CONSTANTS = KeccakF1600.roundConstants();

    private final long[] mid;
    private final long[] scratch = new long[SPECIES.length()];

    /** Lanes for {@code hasher}'s midstate. */
    VectorNonceLanes(NonceHasher hasher) {
        this.mid = hasher.midstate();
    }

    /** Nonces per pass on this CPU: the preferred species' length in 64-bit lanes. */
    static int laneCount() {
        return SPECIES.length();
    }

    /** The preferred vector width in bits. */
    static int vectorBits() {
        return SPECIES.vectorBitSize();
    }

    @Override
    public int lanes() {
        return SPECIES.length();
    }

    @Override
    public void hashTop64(long firstNonce, long stride, long[] top) {
        long[] mid = this.mid;
        long[] scratch = this.scratch;
        int n = scratch.length;
        for (int i = 0; i < n; i++) {
            scratch[i] = Long.reverseBytes(firstNonce + i * stride); // big-endian nonce, little-endian lane
        }
        LongVector a00 = LongVector.fromArray(SPECIES, scratch, 0).lanewise(XOR, mid[0]);
        LongVector a10 = LongVector.broadcast(SPECIES, mid[1]);
        LongVector a20 = LongVector.broadcast(SPECIES, mid[2]);
        LongVector a30 = LongVector.broadcast(SPECIES, mid[3]);
        LongVector a40 = LongVector.broadcast(SPECIES, mid[4]);
        LongVector a01 = LongVector.broadcast(SPECIES, mid[5]);
        LongVector a11 = LongVector.broadcast(SPECIES, mid[6]);
        LongVector a21 = LongVector.broadcast(SPECIES, mid[7]);
        LongVector a31 = LongVector.broadcast(SPECIES, mid[8]);
        LongVector a41 = LongVector.broadcast(SPECIES, mid[9]);
        LongVector a02 = LongVector.broadcast(SPECIES, mid[10]);
        LongVector a12 = LongVector.broadcast(SPECIES, mid[11]);
        LongVector a22 = LongVector.broadcast(SPECIES, mid[12]);
        LongVector a32 = LongVector.broadcast(SPECIES, mid[13]);
        LongVector a42 = LongVector.broadcast(SPECIES, mid[14]);
        LongVector a03 = LongVector.broadcast(SPECIES, mid[15]);
        LongVector a13 = LongVector.broadcast(SPECIES, mid[16]);
        LongVector a23 = LongVector.broadcast(SPECIES, mid[17]);
        LongVector a33 = LongVector.broadcast(SPECIES, mid[18]);
        LongVector a43 = LongVector.broadcast(SPECIES, mid[19]);
        LongVector a04 = LongVector.broadcast(SPECIES, mid[20]);
        LongVector a14 = LongVector.broadcast(SPECIES, mid[21]);
        LongVector a24 = LongVector.broadcast(SPECIES, mid[22]);
        LongVector a34 = LongVector.broadcast(SPECIES, mid[23]);
        LongVector a44 = LongVector.broadcast(SPECIES, mid[24]);
        for (int round = 0; round < KeccakF1600.ROUNDS - 1; round++) {
            LongVector c0 = a00.lanewise(XOR, a01).lanewise(XOR, a02).lanewise(XOR, a03).lanewise(XOR, a04);
            LongVector c1 = a10.lanewise(XOR, a11).lanewise(XOR, a12).lanewise(XOR, a13).lanewise(XOR, a14);
            LongVector c2 = a20.lanewise(XOR, a21).lanewise(XOR, a22).lanewise(XOR, a23).lanewise(XOR, a24);
            LongVector c3 = a30.lanewise(XOR, a31).lanewise(XOR, a32).lanewise(XOR, a33).lanewise(XOR, a34);
            LongVector c4 = a40.lanewise(XOR, a41).lanewise(XOR, a42).lanewise(XOR, a43).lanewise(XOR, a44);
            LongVector d0 = c4.lanewise(XOR, c1.lanewise(ROL, 1));
            LongVector d1 = c0.lanewise(XOR, c2.lanewise(ROL, 1));
            LongVector d2 = c1.lanewise(XOR, c3.lanewise(ROL, 1));
            LongVector d3 = c2.lanewise(XOR, c4.lanewise(ROL, 1));
            LongVector d4 = c3.lanewise(XOR, c0.lanewise(ROL, 1));
            LongVector b00 = a00.lanewise(XOR, d0);
            LongVector b02 = a10.lanewise(XOR, d1).lanewise(ROL, 1);
            LongVector b04 = a20.lanewise(XOR, d2).lanewise(ROL, 62);
            LongVector b01 = a30.lanewise(XOR, d3).lanewise(ROL, 28);
            LongVector b03 = a40.lanewise(XOR, d4).lanewise(ROL, 27);
            LongVector b13 = a01.lanewise(XOR, d0).lanewise(ROL, 36);
            LongVector b10 = a11.lanewise(XOR, d1).lanewise(ROL, 44);
            LongVector b12 = a21.lanewise(XOR, d2).lanewise(ROL, 6);
            LongVector b14 = a31.lanewise(XOR, d3).lanewise(ROL, 55);
            LongVector b11 = a41.lanewise(XOR, d4).lanewise(ROL, 20);
            LongVector b21 = a02.lanewise(XOR, d0).lanewise(ROL, 3);
            LongVector b23 = a12.lanewise(XOR, d1).lanewise(ROL, 10);
            LongVector b20 = a22.lanewise(XOR, d2).lanewise(ROL, 43);
            LongVector b22 = a32.lanewise(XOR, d3).lanewise(ROL, 25);
            LongVector b24 = a42.lanewise(XOR, d4).lanewise(ROL, 39);
            LongVector b34 = a03.lanewise(XOR, d0).lanewise(ROL, 41);
            LongVector b31 = a13.lanewise(XOR, d1).lanewise(ROL, 45);
            LongVector b33 = a23.lanewise(XOR, d2).lanewise(ROL, 15);
            LongVector b30 = a33.lanewise(XOR, d3).lanewise(ROL, 21);
            LongVector b32 = a43.lanewise(XOR, d4).lanewise(ROL, 8);
            LongVector b42 = a04.lanewise(XOR, d0).lanewise(ROL, 18);
            LongVector b44 = a14.lanewise(XOR, d1).lanewise(ROL, 2);
            LongVector b41 = a24.lanewise(XOR, d2).lanewise(ROL, 61);
            LongVector b43 = a34.lanewise(XOR, d3).lanewise(ROL, 56);
            LongVector b40 = a44.lanewise(XOR, d4).lanewise(ROL, 14);
            a00 = b00.lanewise(XOR, b20.lanewise(AND_NOT, b10));
            a10 = b10.lanewise(XOR, b30.lanewise(AND_NOT, b20));
            a20 = b20.lanewise(XOR, b40.lanewise(AND_NOT, b30));
            a30 = b30.lanewise(XOR, b00.lanewise(AND_NOT, b40));
            a40 = b40.lanewise(XOR, b10.lanewise(AND_NOT, b00));
            a01 = b01.lanewise(XOR, b21.lanewise(AND_NOT, b11));
            a11 = b11.lanewise(XOR, b31.lanewise(AND_NOT, b21));
            a21 = b21.lanewise(XOR, b41.lanewise(AND_NOT, b31));
            a31 = b31.lanewise(XOR, b01.lanewise(AND_NOT, b41));
            a41 = b41.lanewise(XOR, b11.lanewise(AND_NOT, b01));
            a02 = b02.lanewise(XOR, b22.lanewise(AND_NOT, b12));
            a12 = b12.lanewise(XOR, b32.lanewise(AND_NOT, b22));
            a22 = b22.lanewise(XOR, b42.lanewise(AND_NOT, b32));
            a32 = b32.lanewise(XOR, b02.lanewise(AND_NOT, b42));
            a42 = b42.lanewise(XOR, b12.lanewise(AND_NOT, b02));
            a03 = b03.lanewise(XOR, b23.lanewise(AND_NOT, b13));
            a13 = b13.lanewise(XOR, b33.lanewise(AND_NOT, b23));
            a23 = b23.lanewise(XOR, b43.lanewise(AND_NOT, b33));
            a33 = b33.lanewise(XOR, b03.lanewise(AND_NOT, b43));
            a43 = b43.lanewise(XOR, b13.lanewise(AND_NOT, b03));
            a04 = b04.lanewise(XOR, b24.lanewise(AND_NOT, b14));
            a14 = b14.lanewise(XOR, b34.lanewise(AND_NOT, b24));
            a24 = b24.lanewise(XOR, b44.lanewise(AND_NOT, b34));
            a34 = b34.lanewise(XOR, b04.lanewise(AND_NOT, b44));
            a44 = b44.lanewise(XOR, b14.lanewise(AND_NOT, b04));
            a00 = a00.lanewise(XOR, ROUND_CONSTANTS[round]);
        }
        // The last round, for lane (0, 0) only: theta's column sums, then chi on b00, b10 and b20.
        LongVector c0 = a00.lanewise(XOR, a01).lanewise(XOR, a02).lanewise(XOR, a03).lanewise(XOR, a04);
        LongVector c1 = a10.lanewise(XOR, a11).lanewise(XOR, a12).lanewise(XOR, a13).lanewise(XOR, a14);
        LongVector c2 = a20.lanewise(XOR, a21).lanewise(XOR, a22).lanewise(XOR, a23).lanewise(XOR, a24);
        LongVector c3 = a30.lanewise(XOR, a31).lanewise(XOR, a32).lanewise(XOR, a33).lanewise(XOR, a34);
        LongVector c4 = a40.lanewise(XOR, a41).lanewise(XOR, a42).lanewise(XOR, a43).lanewise(XOR, a44);
        LongVector b00 = a00.lanewise(XOR, c4.lanewise(XOR, c1.lanewise(ROL, 1)));
        LongVector b10 = a11.lanewise(XOR, c0.lanewise(XOR, c2.lanewise(ROL, 1))).lanewise(ROL, 44);
        LongVector b20 = a22.lanewise(XOR, c1.lanewise(XOR, c3.lanewise(ROL, 1))).lanewise(ROL, 43);
        b00.lanewise(XOR, b20.lanewise(AND_NOT, b10)).lanewise(XOR, ROUND_CONSTANTS[KeccakF1600.ROUNDS - 1])
                .intoArray(scratch, 0);
        for (int i = 0; i < n; i++) {
            top[i] = Long.reverseBytes(scratch[i]);
        }
    }
}
