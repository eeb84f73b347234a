package io.quarry.subnet.crypto;

import cafe.cryptography.curve25519.EdwardsPoint;
import cafe.cryptography.curve25519.Scalar;

/**
 * Precomputed multiples of one public point for variable-time fixed-base multiplication: with a window of
 * {@code w} bits, {@code d * 2^(w*i) * P} for every position {@code i} and digit {@code 1 <= d <= 2^(w-1)}. A
 * scalar written in signed radix {@code 2^w} then costs at most one point addition per position and no
 * doublings. Only for public points and public scalars (the verification equation): the table lookups and
 * the skipped zero digits depend on the scalar. With {@code w = 4}: 64 positions of 8 points (about 150 KiB),
 * built in about the time of three verifications; with {@code w = 8}: 32 positions of 128 points.
 */
final class FixedBaseTable {

    private final int window;
    private final EdwardsPoint[][] multiples;

    private FixedBaseTable(int window, EdwardsPoint[][] multiples) {
        this.window = window;
        this.multiples = multiples;
    }

    /** The table of {@code point} for windows of {@code window} bits (2 to 8). */
    static FixedBaseTable of(EdwardsPoint point, int window) {
        if (window < 2 || window > 8) {
            throw new IllegalArgumentException("window of 2 to 8 bits, got " + window);
        }
        int positions = (256 + window - 1) / window;
        int digits = 1 << (window - 1);
        EdwardsPoint[][] multiples = new EdwardsPoint[positions][digits];
        EdwardsPoint base = point;
        for (int i = 0; i < positions; i++) {
            multiples[i][0] = base;
            for (int d = 1; d < digits; d++) {
                multiples[i][d] = multiples[i][d - 1].add(base);
            }
            base = multiples[i][digits - 1].dbl(); // 2^(window * (i + 1)) * point
        }
        return new FixedBaseTable(window, multiples);
    }

    /** {@code a * first + b * second}, where {@code first} and {@code second} are the tables' points. */
    static EdwardsPoint sum(FixedBaseTable first, Scalar a, FixedBaseTable second, Scalar b) {
        return second.accumulate(first.accumulate(EdwardsPoint.IDENTITY, a), b);
    }

    private EdwardsPoint accumulate(EdwardsPoint acc, Scalar scalar) {
        int[] digits = signedDigits(scalar, window);
        for (int i = 0; i < digits.length; i++) {
            int digit = digits[i];
            if (digit > 0) {
                acc = acc.add(multiples[i][digit - 1]);
            } else if (digit < 0) {
                acc = acc.subtract(multiples[i][-digit - 1]);
            }
        }
        return acc;
    }

    /**
     * The scalar in signed radix {@code 2^window}, least significant first, digits in
     * {@code -2^(window-1) .. 2^(window-1)}; the scalar is reduced (below 2^253), so the top digit stays small.
     */
    static int[] signedDigits(Scalar scalar, int window) {
        byte[] bytes = scalar.toByteArray();
        int positions = (256 + window - 1) / window;
        int[] digits = new int[positions];
        int mask = (1 << window) - 1;
        for (int i = 0; i < positions; i++) {
            int bit = i * window;
            int lo = bit >> 3;
            int word = (bytes[lo] & 0xff)
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
