package io.quarry.subnet.crypto;

import cafe.cryptography.curve25519.EdwardsPoint;
import cafe.cryptography.curve25519.Scalar;

/**
 * Precomputed multiples of one public point for variable-time fixed-base multiplication: {@code d * 16^i * P}
 * for every position {@code i < 64} and digit {@code 1 <= d <= 8}. A scalar written in signed radix 16 (digits
 * -8..8) then costs at most 64 point additions and no doublings. Only for public points and public scalars
 * (the verification equation): the table lookups and the skipped zero digits depend on the scalar.
 * About 512 points (roughly 150 KiB); building one costs about as much as three verifications.
 */
final class FixedBaseTable {

    private static final int POSITIONS = 64;
    private static final int DIGITS = 8;

    private final EdwardsPoint[][] multiples;

    private FixedBaseTable(EdwardsPoint[][] multiples) {
        this.multiples = multiples;
    }

    /** The table of {@code point}. */
    static FixedBaseTable of(EdwardsPoint point) {
        EdwardsPoint[][] multiples = new EdwardsPoint[POSITIONS][DIGITS];
        EdwardsPoint base = point;
        for (int i = 0; i < POSITIONS; i++) {
            multiples[i][0] = base;
            for (int d = 1; d < DIGITS; d++) {
                multiples[i][d] = multiples[i][d - 1].add(base);
            }
            base = multiples[i][DIGITS - 1].dbl(); // 16^(i+1) * point
        }
        return new FixedBaseTable(multiples);
    }

    /** {@code a * first + b * second}, where {@code first} and {@code second} are the tables' points. */
    static EdwardsPoint sum(FixedBaseTable first, Scalar a, FixedBaseTable second, Scalar b) {
        byte[] da = signedRadix16(a);
        byte[] db = signedRadix16(b);
        EdwardsPoint acc = EdwardsPoint.IDENTITY;
        for (int i = 0; i < POSITIONS; i++) {
            acc = first.accumulate(acc, i, da[i]);
            acc = second.accumulate(acc, i, db[i]);
        }
        return acc;
    }

    private EdwardsPoint accumulate(EdwardsPoint acc, int position, int digit) {
        if (digit > 0) {
            return acc.add(multiples[position][digit - 1]);
        }
        if (digit < 0) {
            return acc.subtract(multiples[position][-digit - 1]);
        }
        return acc;
    }

    /** 64 digits in -8..8, least significant first; the scalar is reduced, so the top digit stays small. */
    static byte[] signedRadix16(Scalar scalar) {
        byte[] bytes = scalar.toByteArray();
        byte[] digits = new byte[POSITIONS];
        for (int i = 0; i < 32; i++) {
            digits[2 * i] = (byte) (bytes[i] & 15);
            digits[2 * i + 1] = (byte) ((bytes[i] >> 4) & 15);
        }
        for (int i = 0; i < POSITIONS - 1; i++) {
            int carry = (digits[i] + 8) >> 4;
            digits[i] -= (byte) (carry << 4);
            digits[i + 1] += (byte) carry;
        }
        return digits;
    }
}
