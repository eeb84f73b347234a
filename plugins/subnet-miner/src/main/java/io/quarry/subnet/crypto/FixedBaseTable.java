package io.quarry.subnet.crypto;

/**
 * Precomputed multiples of one public point for variable-time fixed-base multiplication: with a window of
 * {@code w} bits, {@code d * 2^(w*i) * P} for every position {@code i} and digit {@code 1 <= d <= 2^(w-1)}, in
 * affine form ({@link Edwards25519#AFFINE} longs each, one flat array). A scalar written in signed radix
 * {@code 2^w} then costs at most one mixed point addition per position and no doublings. Only for public
 * points and public scalars (the verification equation): the table lookups and the skipped zero digits
 * depend on the scalar. With {@code w = 6}: 43 positions of 32 points (about 160 KiB); with {@code w = 8}: 32
 * positions of 128 points (about 480 KiB).
 */
final class FixedBaseTable {

    private final int window;
    private final int digits;
    private final long[] multiples;

    private FixedBaseTable(int window, long[] multiples) {
        this.window = window;
        this.digits = 1 << (window - 1);
        this.multiples = multiples;
    }

    /** The table of the extended point {@code point} for windows of {@code window} bits (2 to 8). */
    static FixedBaseTable of(long[] point, int window) {
        if (window < 2 || window > 8) {
            throw new IllegalArgumentException("window of 2 to 8 bits, got " + window);
        }
        int positions = positions(window);
        int digits = 1 << (window - 1);
        int count = positions * digits;
        long[] extended = new long[count * Edwards25519.EXTENDED];
        long[] base = point.clone();
        long[] cached = new long[Edwards25519.CACHED];
        long[] acc = new long[Edwards25519.EXTENDED];
        long[] w = new long[Edwards25519.WORKSPACE];
        for (int i = 0; i < positions; i++) {
            Edwards25519.toCached(cached, 0, base);
            System.arraycopy(base, 0, acc, 0, Edwards25519.EXTENDED);
            for (int d = 0; d < digits; d++) {
                if (d > 0) {
                    Edwards25519.addCached(acc, cached, 0, false, w);
                }
                System.arraycopy(acc, 0, extended, (i * digits + d) * Edwards25519.EXTENDED, Edwards25519.EXTENDED);
            }
            Edwards25519.dbl(acc, w); // 2^(window * (i + 1)) * point
            System.arraycopy(acc, 0, base, 0, Edwards25519.EXTENDED);
        }
        long[] affine = new long[count * Edwards25519.AFFINE];
        Edwards25519.toAffine(affine, extended, count);
        return new FixedBaseTable(window, affine);
    }

    private static int positions(int window) {
        return (256 + window - 1) / window;
    }

    /** {@code acc += scalar * P}, {@code scalar} 32 bytes little-endian below 2^255. */
    void accumulate(long[] acc, byte[] scalar, long[] workspace) {
        int[] signed = signedDigits(scalar, window);
        for (int i = 0; i < signed.length; i++) {
            int digit = signed[i];
            if (digit > 0) {
                Edwards25519.addAffine(acc, multiples, (i * digits + digit - 1) * Edwards25519.AFFINE, false,
                        workspace);
            } else if (digit < 0) {
                Edwards25519.addAffine(acc, multiples, (i * digits - digit - 1) * Edwards25519.AFFINE, true,
                        workspace);
            }
        }
    }

    /**
     * The scalar (32 bytes little-endian, below 2^255) in signed radix {@code 2^window}, least significant
     * first, digits in {@code -2^(window-1) .. 2^(window-1)}.
     */
    static int[] signedDigits(byte[] bytes, int window) {
        int positions = positions(window);
        int[] digits = new int[positions];
        int mask = (1 << window) - 1;
        for (int i = 0; i < positions; i++) {
            int bit = i * window;
            int lo = bit >> 3;
            int word = (lo < 32 ? bytes[lo] & 0xff : 0)
                    | (lo + 1 < 32 ? (bytes[lo + 1] & 0xff) << 8 : 0);
            digits[i] = (word >>> (bit & 7)) & mask;
        }
        int half = 1 << (window - 1);
        for (int i = 0; i < positions - 1; i++) {
            int carry = (digits[i] + half) >> window;
            digits[i] -= carry << window;
            digits[i + 1] += carry;
        }
        return digits;
    }
}
