package io.quarry.poies.hash;

/**
 * The Keccak-f[1600] permutation (FIPS 202 section 3), written for the nonce scanner: the 25 lanes live in local
 * variables for the whole 24 rounds, and theta, rho, pi, chi and iota are spelled out per lane so the JIT keeps
 * everything in registers and memory traffic is one load and one store per lane per permutation.
 *
 * <p>Lane {@code (x, y)} is {@code state[x + 5 * y]}, holding bytes {@code 8 * (x + 5 * y)} onwards of the sponge
 * state in little-endian order. Checked against BouncyCastle's Keccak over random inputs in the tests.
 */
public final class KeccakF1600 {

    /** Lanes in the state. */
    public static final int LANES = 25;
    /** Rounds of the permutation. */
    public static final int ROUNDS = 24;

    private static final long[] ROUND_CONSTANTS = roundConstants();

    private KeccakF1600() {
    }

    /** Applies the permutation to {@code state} (25 lanes) in place. */
    public static void permute(long[] state) {
        long a00 = state[0];
        long a10 = state[1];
        long a20 = state[2];
        long a30 = state[3];
        long a40 = state[4];
        long a01 = state[5];
        long a11 = state[6];
        long a21 = state[7];
        long a31 = state[8];
        long a41 = state[9];
        long a02 = state[10];
        long a12 = state[11];
        long a22 = state[12];
        long a32 = state[13];
        long a42 = state[14];
        long a03 = state[15];
        long a13 = state[16];
        long a23 = state[17];
        long a33 = state[18];
        long a43 = state[19];
        long a04 = state[20];
        long a14 = state[21];
        long a24 = state[22];
        long a34 = state[23];
        long a44 = state[24];
        for (int round = 0; round < ROUNDS; round++) {
            long c0 = a00 ^ a01 ^ a02 ^ a03 ^ a04;
            long c1 = a10 ^ a11 ^ a12 ^ a13 ^ a14;
            long c2 = a20 ^ a21 ^ a22 ^ a23 ^ a24;
            long c3 = a30 ^ a31 ^ a32 ^ a33 ^ a34;
            long c4 = a40 ^ a41 ^ a42 ^ a43 ^ a44;
            long d0 = c4 ^ Long.rotateLeft(c1, 1);
            long d1 = c0 ^ Long.rotateLeft(c2, 1);
            long d2 = c1 ^ Long.rotateLeft(c3, 1);
            long d3 = c2 ^ Long.rotateLeft(c4, 1);
            long d4 = c3 ^ Long.rotateLeft(c0, 1);
            long b00 = a00 ^ d0;
            long b02 = Long.rotateLeft(a10 ^ d1, 1);
            long b04 = Long.rotateLeft(a20 ^ d2, 62);
            long b01 = Long.rotateLeft(a30 ^ d3, 28);
            long b03 = Long.rotateLeft(a40 ^ d4, 27);
            long b13 = Long.rotateLeft(a01 ^ d0, 36);
            long b10 = Long.rotateLeft(a11 ^ d1, 44);
            long b12 = Long.rotateLeft(a21 ^ d2, 6);
            long b14 = Long.rotateLeft(a31 ^ d3, 55);
            long b11 = Long.rotateLeft(a41 ^ d4, 20);
            long b21 = Long.rotateLeft(a02 ^ d0, 3);
            long b23 = Long.rotateLeft(a12 ^ d1, 10);
            long b20 = Long.rotateLeft(a22 ^ d2, 43);
            long b22 = Long.rotateLeft(a32 ^ d3, 25);
            long b24 = Long.rotateLeft(a42 ^ d4, 39);
            long b34 = Long.rotateLeft(a03 ^ d0, 41);
            long b31 = Long.rotateLeft(a13 ^ d1, 45);
            long b33 = Long.rotateLeft(a23 ^ d2, 15);
            long b30 = Long.rotateLeft(a33 ^ d3, 21);
            long b32 = Long.rotateLeft(a43 ^ d4, 8);
            long b42 = Long.rotateLeft(a04 ^ d0, 18);
            long b44 = Long.rotateLeft(a14 ^ d1, 2);
            long b41 = Long.rotateLeft(a24 ^ d2, 61);
            long b43 = Long.rotateLeft(a34 ^ d3, 56);
            long b40 = Long.rotateLeft(a44 ^ d4, 14);
            a00 = b00 ^ (~b10 & b20);
            a10 = b10 ^ (~b20 & b30);
            a20 = b20 ^ (~b30 & b40);
            a30 = b30 ^ (~b40 & b00);
            a40 = b40 ^ (~b00 & b10);
            a01 = b01 ^ (~b11 & b21);
            a11 = b11 ^ (~b21 & b31);
            a21 = b21 ^ (~b31 & b41);
            a31 = b31 ^ (~b41 & b01);
            a41 = b41 ^ (~b01 & b11);
            a02 = b02 ^ (~b12 & b22);
            a12 = b12 ^ (~b22 & b32);
            a22 = b22 ^ (~b32 & b42);
            a32 = b32 ^ (~b42 & b02);
            a42 = b42 ^ (~b02 & b12);
            a03 = b03 ^ (~b13 & b23);
            a13 = b13 ^ (~b23 & b33);
            a23 = b23 ^ (~b33 & b43);
            a33 = b33 ^ (~b43 & b03);
            a43 = b43 ^ (~b03 & b13);
            a04 = b04 ^ (~b14 & b24);
            a14 = b14 ^ (~b24 & b34);
            a24 = b24 ^ (~b34 & b44);
            a34 = b34 ^ (~b44 & b04);
            a44 = b44 ^ (~b04 & b14);
            a00 ^= ROUND_CONSTANTS[round];
        }
        state[0] = a00;
        state[1] = a10;
        state[2] = a20;
        state[3] = a30;
        state[4] = a40;
        state[5] = a01;
        state[6] = a11;
        state[7] = a21;
        state[8] = a31;
        state[9] = a41;
        state[10] = a02;
        state[11] = a12;
        state[12] = a22;
        state[13] = a32;
        state[14] = a42;
        state[15] = a03;
        state[16] = a13;
        state[17] = a23;
        state[18] = a33;
        state[19] = a43;
        state[20] = a04;
        state[21] = a14;
        state[22] = a24;
        state[23] = a34;
        state[24] = a44;
    }

    /**
     * The iota constants, from the degree-8 LFSR of FIPS 202 algorithm 5 rather than a typed-in table: bit
     * {@code 2^j - 1} of constant {@code i} is {@code rc(j + 7i)}. A fresh array each call.
     */
    static long[] roundConstants() {
        long[] constants = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            for (int j = 0; j <= 6; j++) {
                if (rc(j + 7 * i)) {
                    constants[i] |= 1L << ((1 << j) - 1);
                }
            }
        }
        return constants;
    }

    /** FIPS 202 algorithm 5: the output bit of the LFSR {@code x^8 + x^6 + x^5 + x^4 + 1} after {@code t} steps. */
    private static boolean rc(int t) {
        int r = 0x01; // bit i of r is R[i]; R starts as 10000000
        for (int i = 0; i < t % 255; i++) {
            int r8 = (r >>> 7) & 1; // R[8] after shifting in a zero at R[0]
            r = (r << 1) & 0xff;
            if (r8 == 1) {
                r ^= 0x71; // R[0], R[4], R[5], R[6] ^= R[8]
            }
        }
        return (r & 1) == 1;
    }
}
