package io.quarry.randomx.daemon;

/**
 * Keccak-256 with the original Keccak padding (0x01 ... 0x80), which Monero calls {@code cn_fast_hash}; not
 * SHA3-256, which pads with 0x06 (FIPS 202). The permutation is Keccak-f[1600] as specified in FIPS 202
 * section 3; the JDK offers only the SHA-3 padding and the plugin's classpath holds no other implementation.
 * Tests check it against the JDK's SHA3-256 by switching the padding byte.
 */
final class Keccak {

    private static final int RATE = 136;
    private static final long[] ROUND_CONSTANTS = {
        0x0000000000000001L, 0x0000000000008082L, 0x800000000000808AL, 0x8000000080008000L,
        0x000000000000808BL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
        0x000000000000008AL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000AL,
        0x000000008000808BL, 0x800000000000008BL, 0x8000000000008089L, 0x8000000000008003L,
        0x8000000000008002L, 0x8000000000000080L, 0x000000000000800AL, 0x800000008000000AL,
        0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L};
    /** Rotation offsets r[x + 5y] (FIPS 202 table 2). */
    private static final int[] ROTATIONS = {
        0, 1, 62, 28, 27,
        36, 44, 6, 55, 20,
        3, 10, 43, 25, 39,
        41, 45, 15, 21, 8,
        18, 2, 61, 56, 14};

    private Keccak() {
    }

    /** Monero's {@code cn_fast_hash}: Keccak-256 of {@code data}. */
    static byte[] hash256(byte[] data) {
        return sponge(data, (byte) 0x01);
    }

    /** The sponge with a given first padding byte: 0x01 for Keccak, 0x06 for SHA3 (tests only). */
    static byte[] sponge(byte[] data, byte padding) {
        long[] state = new long[25];
        int offset = 0;
        while (data.length - offset >= RATE) {
            absorb(state, data, offset, RATE);
            permute(state);
            offset += RATE;
        }
        byte[] last = new byte[RATE];
        int remaining = data.length - offset;
        System.arraycopy(data, offset, last, 0, remaining);
        last[remaining] ^= padding;
        last[RATE - 1] ^= (byte) 0x80;
        absorb(state, last, 0, RATE);
        permute(state);
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = (byte) (state[i / 8] >>> (8 * (i % 8)));
        }
        return out;
    }

    private static void absorb(long[] state, byte[] data, int offset, int length) {
        for (int i = 0; i < length; i++) {
            state[i / 8] ^= (data[offset + i] & 0xFFL) << (8 * (i % 8));
        }
    }

    private static void permute(long[] a) {
        long[] c = new long[5];
        long[] b = new long[25];
        for (long roundConstant : ROUND_CONSTANTS) {
            // theta
            for (int x = 0; x < 5; x++) {
                c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            }
            for (int x = 0; x < 5; x++) {
                long d = c[(x + 4) % 5] ^ Long.rotateLeft(c[(x + 1) % 5], 1);
                for (int y = 0; y < 25; y += 5) {
                    a[x + y] ^= d;
                }
            }
            // rho and pi: B[y, 2x + 3y] = rot(A[x, y], r[x, y])
            for (int x = 0; x < 5; x++) {
                for (int y = 0; y < 5; y++) {
                    b[y + 5 * ((2 * x + 3 * y) % 5)] = Long.rotateLeft(a[x + 5 * y], ROTATIONS[x + 5 * y]);
                }
            }
            // chi
            for (int y = 0; y < 25; y += 5) {
                for (int x = 0; x < 5; x++) {
                    a[x + y] = b[x + y] ^ (~b[(x + 1) % 5 + y] & b[(x + 2) % 5 + y]);
                }
            }
            // iota
            a[0] ^= roundConstant;
        }
    }
}
