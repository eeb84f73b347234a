package io.quarry.subnet.crypto;

import cafe.cryptography.curve25519.Constants;

/**
 * Computes {@code s*B - k*A} for signature verification on {@link Field25519} / {@link Edwards25519}: public
 * data only (the signature, the key, the challenge), so variable-time arithmetic is safe. A known key has a
 * {@link FixedBaseTable} of {@code -A} (additions only, no doublings); a key without one goes through a
 * width-5 non-adjacent form of {@code k} (about 253 doublings and 42 additions), and in both cases {@code s*B}
 * comes from the basepoint's table in 8-bit windows (at most 32 additions).
 */
final class VerifyEquation {

    /** Window of the tables of known keys: 43 positions of 32 points. */
    static final int KEY_WINDOW = 6;
    private static final int NAF_WIDTH = 5;

    private VerifyEquation() {
    }

    /** {@code s*B - k*A} as an extended point, from a table of {@code -A} (a known key). */
    static long[] compute(byte[] s, byte[] k, FixedBaseTable negatedA) {
        long[] acc = Edwards25519.identity();
        long[] w = new long[Edwards25519.WORKSPACE];
        BasepointTable.TABLE.accumulate(acc, s, w);
        negatedA.accumulate(acc, k, w);
        return acc;
    }

    /** {@code s*B - k*A} as an extended point, for the extended point {@code a} without a table. */
    static long[] compute(byte[] s, byte[] k, long[] a) {
        // Odd multiples A, 3A, ..., 15A in cached form.
        int count = 1 << (NAF_WIDTH - 2);
        long[] odd = new long[count * Edwards25519.CACHED];
        long[] w = new long[Edwards25519.WORKSPACE];
        long[] twoA = a.clone();
        Edwards25519.dbl(twoA, w);
        long[] twoACached = new long[Edwards25519.CACHED];
        Edwards25519.toCached(twoACached, 0, twoA);
        long[] m = a.clone();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                Edwards25519.addCached(m, twoACached, 0, false, w);
            }
            Edwards25519.toCached(odd, i * Edwards25519.CACHED, m);
        }
        byte[] naf = nonAdjacentForm(k, NAF_WIDTH);
        int top = 255;
        while (top >= 0 && naf[top] == 0) {
            top--;
        }
        long[] acc = Edwards25519.identity();
        for (int i = top; i >= 0; i--) {
            int digit = naf[i];
            if (i < top) {
                // T is needed only by an addition, here or (after the loop) by the basepoint's table.
                Edwards25519.dbl(acc, w, digit != 0 || i == 0);
            }
            if (digit > 0) { // -k*A: a positive digit subtracts
                Edwards25519.addCached(acc, odd, (digit >> 1) * Edwards25519.CACHED, true, w);
            } else if (digit < 0) {
                Edwards25519.addCached(acc, odd, ((-digit) >> 1) * Edwards25519.CACHED, false, w);
            }
        }
        BasepointTable.TABLE.accumulate(acc, s, w);
        return acc;
    }

    /** The table of {@code -A} for a known key. */
    static FixedBaseTable negatedTable(long[] a) {
        long[] negated = a.clone();
        Edwards25519.negate(negated);
        return FixedBaseTable.of(negated, KEY_WINDOW);
    }

    /**
     * The width-{@code width} non-adjacent form of a scalar below 2^255 (32 bytes little-endian): 256 digits,
     * least significant first, each zero or odd with absolute value below {@code 2^(width-1)}, and of any
     * {@code width} consecutive digits at most one non-zero.
     */
    static byte[] nonAdjacentForm(byte[] scalar, int width) {
        long[] x = new long[5];
        for (int i = 0; i < 32; i++) {
            x[i >> 3] |= (scalar[i] & 0xffL) << (8 * (i & 7));
        }
        byte[] naf = new byte[256];
        int windowSize = 1 << width;
        long windowMask = windowSize - 1;
        int pos = 0;
        long carry = 0;
        while (pos < 256) {
            int word = pos >> 6;
            int bit = pos & 63;
            long buf = bit < 64 - width ? x[word] >>> bit : (x[word] >>> bit) | (x[word + 1] << (64 - bit));
            long window = carry + (buf & windowMask);
            if ((window & 1) == 0) {
                pos++;
                continue;
            }
            if (window < windowSize / 2) {
                carry = 0;
                naf[pos] = (byte) window;
            } else {
                carry = 1;
                naf[pos] = (byte) (window - windowSize);
            }
            pos += width;
        }
        return naf;
    }

    /** The basepoint's table, built on first use. */
    private static final class BasepointTable {
        static final FixedBaseTable TABLE = FixedBaseTable.of(basepoint(), 8);

        private static long[] basepoint() {
            long[] b = new long[Edwards25519.EXTENDED];
            if (!Ristretto255.decode(b, Constants.RISTRETTO_GENERATOR.compress().toByteArray(), 0)) {
                throw new IllegalStateException("the Ristretto255 generator does not decode");
            }
            return b;
        }
    }
}
