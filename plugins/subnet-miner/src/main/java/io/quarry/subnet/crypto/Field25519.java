package io.quarry.subnet.crypto;

/**
 * Arithmetic modulo {@code p = 2^255 - 19} for the public verification equation, without allocation: an element
 * is five 51-bit limbs in a {@code long[]} at an offset ({@code value = sum limb[i] * 2^(51*i)}), and every
 * operation writes into a destination the caller owns (which may be one of its inputs). Products are 128 bits
 * wide through {@link Math#multiplyHigh}.
 *
 * <p>Invariant: every element an operation produces has limbs below {@code 2^51 + 2^16} (weakly reduced: the
 * value may still be at or above {@code p}); inputs must satisfy it too. The one exception is the lazy sum and
 * difference ({@link #addLazy}, {@link #subLazy}: no carries, limbs below {@code 2^53}), whose results may only
 * be multiplied or squared ({@link #mul} and {@link #sqr} accept limbs below {@code 2^53}). {@link #fromBytes}
 * and {@link #toBytes} convert from and to the canonical little-endian encoding; inversion and square roots are
 * in {@link Field25519Powers}.
 *
 * <p>Variable time: branches and the square-root checks depend on the values. Only for public data (signature
 * verification); secrets stay on curve25519-elisabeth's constant-time arithmetic.
 */
final class Field25519 {

    /** Limbs per element. */
    static final int LIMBS = 5;
    private static final long M = (1L << 51) - 1;
    /** {@code 2p} in limbs, added before a subtraction so that no limb goes negative. */
    private static final long TWO_P0 = 0xfffffffffffdaL;
    private static final long TWO_P = 0xffffffffffffeL;

    private Field25519() {
    }

    static long[] element() {
        return new long[LIMBS];
    }

    static void zero(long[] r, int ro) {
        for (int i = 0; i < LIMBS; i++) {
            r[ro + i] = 0;
        }
    }

    static void one(long[] r, int ro) {
        zero(r, ro);
        r[ro] = 1;
    }

    static void copy(long[] r, int ro, long[] a, int ao) {
        System.arraycopy(a, ao, r, ro, LIMBS);
    }

    /** {@code r = a + b}. */
    static void add(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        reduce(r, ro, a[ao] + b[bo], a[ao + 1] + b[bo + 1], a[ao + 2] + b[bo + 2], a[ao + 3] + b[bo + 3],
                a[ao + 4] + b[bo + 4]);
    }

    /** {@code r = a - b}. */
    static void sub(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        reduce(r, ro, a[ao] + TWO_P0 - b[bo], a[ao + 1] + TWO_P - b[bo + 1], a[ao + 2] + TWO_P - b[bo + 2],
                a[ao + 3] + TWO_P - b[bo + 3], a[ao + 4] + TWO_P - b[bo + 4]);
    }

    /** {@code r = a + b} without carries (limbs below 2^53): only for a multiplication or squaring next. */
    static void addLazy(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        r[ro] = a[ao] + b[bo];
        r[ro + 1] = a[ao + 1] + b[bo + 1];
        r[ro + 2] = a[ao + 2] + b[bo + 2];
        r[ro + 3] = a[ao + 3] + b[bo + 3];
        r[ro + 4] = a[ao + 4] + b[bo + 4];
    }

    /** {@code r = a - b} without carries (limbs below 2^53): only for a multiplication or squaring next. */
    static void subLazy(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        r[ro] = a[ao] + TWO_P0 - b[bo];
        r[ro + 1] = a[ao + 1] + TWO_P - b[bo + 1];
        r[ro + 2] = a[ao + 2] + TWO_P - b[bo + 2];
        r[ro + 3] = a[ao + 3] + TWO_P - b[bo + 3];
        r[ro + 4] = a[ao + 4] + TWO_P - b[bo + 4];
    }

    /** {@code r = -a}. */
    static void neg(long[] r, int ro, long[] a, int ao) {
        reduce(r, ro, TWO_P0 - a[ao], TWO_P - a[ao + 1], TWO_P - a[ao + 2], TWO_P - a[ao + 3], TWO_P - a[ao + 4]);
    }

    /** Carries limbs below {@code 2^62} down to the invariant's range. */
    private static void reduce(long[] r, int ro, long h0, long h1, long h2, long h3, long h4) {
        h1 += h0 >>> 51;
        h0 &= M;
        h2 += h1 >>> 51;
        h1 &= M;
        h3 += h2 >>> 51;
        h2 &= M;
        h4 += h3 >>> 51;
        h3 &= M;
        h0 += (h4 >>> 51) * 19;
        h4 &= M;
        h1 += h0 >>> 51;
        h0 &= M;
        r[ro] = h0;
        r[ro + 1] = h1;
        r[ro + 2] = h2;
        r[ro + 3] = h3;
        r[ro + 4] = h4;
    }

    /** {@code r = a * b}. */
    static void mul(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        long a0 = a[ao];
        long a1 = a[ao + 1];
        long a2 = a[ao + 2];
        long a3 = a[ao + 3];
        long a4 = a[ao + 4];
        long b0 = b[bo];
        long b1 = b[bo + 1];
        long b2 = b[bo + 2];
        long b3 = b[bo + 3];
        long b4 = b[bo + 4];
        long b1n = b1 * 19;
        long b2n = b2 * 19;
        long b3n = b3 * 19;
        long b4n = b4 * 19;
        // Column i of the product is a 128-bit sum, kept as the sum of the terms' low 64 bits (l, wrapping) and the
        // sum of each term's bits from 51 up (h): x*y >> 51 is the high word of (x << 11) * (y << 2), both shifts
        // staying within 64 bits for limbs below 2^53 (y times 38 below 2^59); h stays below 2^62. See carry().
        long a0s = a0 << 11;
        long a1s = a1 << 11;
        long a2s = a2 << 11;
        long a3s = a3 << 11;
        long a4s = a4 << 11;
        long b0d = b0 << 2;
        long b1d = b1 << 2;
        long b2d = b2 << 2;
        long b3d = b3 << 2;
        long b4d = b4 << 2;
        long b1nd = b1n << 2;
        long b2nd = b2n << 2;
        long b3nd = b3n << 2;
        long b4nd = b4n << 2;
        long l0;
        long h0;
        l0 = a0 * b0;
        h0 = Math.unsignedMultiplyHigh(a0s, b0d);
        l0 += a1 * b4n;
        h0 += Math.unsignedMultiplyHigh(a1s, b4nd);
        l0 += a2 * b3n;
        h0 += Math.unsignedMultiplyHigh(a2s, b3nd);
        l0 += a3 * b2n;
        h0 += Math.unsignedMultiplyHigh(a3s, b2nd);
        l0 += a4 * b1n;
        h0 += Math.unsignedMultiplyHigh(a4s, b1nd);
        long l1;
        long h1;
        l1 = a0 * b1;
        h1 = Math.unsignedMultiplyHigh(a0s, b1d);
        l1 += a1 * b0;
        h1 += Math.unsignedMultiplyHigh(a1s, b0d);
        l1 += a2 * b4n;
        h1 += Math.unsignedMultiplyHigh(a2s, b4nd);
        l1 += a3 * b3n;
        h1 += Math.unsignedMultiplyHigh(a3s, b3nd);
        l1 += a4 * b2n;
        h1 += Math.unsignedMultiplyHigh(a4s, b2nd);
        long l2;
        long h2;
        l2 = a0 * b2;
        h2 = Math.unsignedMultiplyHigh(a0s, b2d);
        l2 += a1 * b1;
        h2 += Math.unsignedMultiplyHigh(a1s, b1d);
        l2 += a2 * b0;
        h2 += Math.unsignedMultiplyHigh(a2s, b0d);
        l2 += a3 * b4n;
        h2 += Math.unsignedMultiplyHigh(a3s, b4nd);
        l2 += a4 * b3n;
        h2 += Math.unsignedMultiplyHigh(a4s, b3nd);
        long l3;
        long h3;
        l3 = a0 * b3;
        h3 = Math.unsignedMultiplyHigh(a0s, b3d);
        l3 += a1 * b2;
        h3 += Math.unsignedMultiplyHigh(a1s, b2d);
        l3 += a2 * b1;
        h3 += Math.unsignedMultiplyHigh(a2s, b1d);
        l3 += a3 * b0;
        h3 += Math.unsignedMultiplyHigh(a3s, b0d);
        l3 += a4 * b4n;
        h3 += Math.unsignedMultiplyHigh(a4s, b4nd);
        long l4;
        long h4;
        l4 = a0 * b4;
        h4 = Math.unsignedMultiplyHigh(a0s, b4d);
        l4 += a1 * b3;
        h4 += Math.unsignedMultiplyHigh(a1s, b3d);
        l4 += a2 * b2;
        h4 += Math.unsignedMultiplyHigh(a2s, b2d);
        l4 += a3 * b1;
        h4 += Math.unsignedMultiplyHigh(a3s, b1d);
        l4 += a4 * b0;
        h4 += Math.unsignedMultiplyHigh(a4s, b0d);
        carry(r, ro, l0, h0, l1, h1, l2, h2, l3, h3, l4, h4);
    }

    /** {@code r = a^2}. */
    static void sqr(long[] r, int ro, long[] a, int ao) {
        sqr(r, ro, a, ao, 1);
    }

    /** {@code r = a^(2^n)}, {@code n >= 1}: the limbs stay in locals from one squaring to the next. */
    static void sqr(long[] r, int ro, long[] a, int ao, int n) {
        long a0 = a[ao];
        long a1 = a[ao + 1];
        long a2 = a[ao + 2];
        long a3 = a[ao + 3];
        long a4 = a[ao + 4];
        for (int i = 0; i < n; i++) {
            // r0 = a0^2 + 38 a1 a4 + 38 a2 a3, r1 = 2 a0 a1 + 38 a2 a4 + 19 a3^2, r2 = 2 a0 a2 + a1^2 + 38 a3 a4,
            // r3 = 2 a0 a3 + 2 a1 a2 + 19 a4^2, r4 = 2 a0 a4 + 2 a1 a3 + a2^2; columns as in mul.
            long d0 = a0 * 2;
            long d1 = a1 * 2;
            long a3n = a3 * 19;
            long a4n = a4 * 19;
            long d3n = a3n * 2;
            long d4n = a4n * 2;
            long a0s = a0 << 11;
            long a1s = a1 << 11;
            long a2s = a2 << 11;
            long a3s = a3 << 11;
            long a4s = a4 << 11;
            long a0d = a0 << 2;
            long a1d = a1 << 2;
            long a2d = a2 << 2;
            long d0d = d0 << 2;
            long d1d = d1 << 2;
            long a3nd = a3n << 2;
            long a4nd = a4n << 2;
            long d3nd = d3n << 2;
            long d4nd = d4n << 2;
            long l0;
            long h0;
            l0 = a0 * a0;
            h0 = Math.unsignedMultiplyHigh(a0s, a0d);
            l0 += a1 * d4n;
            h0 += Math.unsignedMultiplyHigh(a1s, d4nd);
            l0 += a2 * d3n;
            h0 += Math.unsignedMultiplyHigh(a2s, d3nd);
            long l1;
            long h1;
            l1 = a1 * d0;
            h1 = Math.unsignedMultiplyHigh(a1s, d0d);
            l1 += a2 * d4n;
            h1 += Math.unsignedMultiplyHigh(a2s, d4nd);
            l1 += a3 * a3n;
            h1 += Math.unsignedMultiplyHigh(a3s, a3nd);
            long l2;
            long h2;
            l2 = a2 * d0;
            h2 = Math.unsignedMultiplyHigh(a2s, d0d);
            l2 += a1 * a1;
            h2 += Math.unsignedMultiplyHigh(a1s, a1d);
            l2 += a3 * d4n;
            h2 += Math.unsignedMultiplyHigh(a3s, d4nd);
            long l3;
            long h3;
            l3 = a3 * d0;
            h3 = Math.unsignedMultiplyHigh(a3s, d0d);
            l3 += a2 * d1;
            h3 += Math.unsignedMultiplyHigh(a2s, d1d);
            l3 += a4 * a4n;
            h3 += Math.unsignedMultiplyHigh(a4s, a4nd);
            long l4;
            long h4;
            l4 = a4 * d0;
            h4 = Math.unsignedMultiplyHigh(a4s, d0d);
            l4 += a3 * d1;
            h4 += Math.unsignedMultiplyHigh(a3s, d1d);
            l4 += a2 * a2;
            h4 += Math.unsignedMultiplyHigh(a2s, a2d);
            // Two rounds of carries, each limb's independent of the others' (a short dependency chain): first the
            // columns' carries (below 2^62; the top one folded back times 19 in two pieces so nothing overflows),
            // then the small carries (below 2^11) they leave.
            long c0 = h0 + (((l0 >>> 51) - h0) & 0x1fff);
            long c1 = h1 + (((l1 >>> 51) - h1) & 0x1fff);
            long c2 = h2 + (((l2 >>> 51) - h2) & 0x1fff);
            long c3 = h3 + (((l3 >>> 51) - h3) & 0x1fff);
            long c4 = h4 + (((l4 >>> 51) - h4) & 0x1fff);
            l0 = (l0 & M) + (c4 & M) * 19;
            l1 = (l1 & M) + c0 + (c4 >>> 51) * 19;
            l2 = (l2 & M) + c1;
            l3 = (l3 & M) + c2;
            l4 = (l4 & M) + c3;
            c0 = l0 >>> 51;
            c1 = l1 >>> 51;
            c2 = l2 >>> 51;
            c3 = l3 >>> 51;
            c4 = l4 >>> 51;
            l0 = (l0 & M) + c4 * 19;
            l1 = (l1 & M) + c0;
            l2 = (l2 & M) + c1;
            l3 = (l3 & M) + c2;
            l4 = (l4 & M) + c3;
            a0 = l0;
            a1 = l1;
            a2 = l2;
            a3 = l3;
            a4 = l4;
        }
        r[ro] = a0;
        r[ro + 1] = a1;
        r[ro + 2] = a2;
        r[ro + 3] = a3;
        r[ro + 4] = a4;
    }

    /**
     * Column {@code i} is {@code sum(x*y)} over its terms, given as {@code l_i}, the wrapping 64-bit sum of the
     * products, and {@code h_i}, the sum of {@code floor(x*y / 2^51)}; carries the columns into five limbs. The
     * column's low 51 bits are those of {@code l_i}; its carry is {@code h_i + q}, where {@code q} (0 to 4) is the
     * carry out of the sum of the terms' low 51 bits: bits 51..63 of {@code l_i} are {@code q} plus the terms'
     * bits 51..63, and those are {@code h_i} modulo 2^13, so {@code q = ((l_i >>> 51) - h_i) mod 2^13}.
     */
    private static void carry(long[] r, int ro, long l0, long h0, long l1, long h1, long l2, long h2, long l3,
            long h3, long l4, long h4) {
        // Two rounds of carries, each limb's independent of the others' (a short dependency chain): first the
        // columns' carries (below 2^62; the top one folded back times 19 in two pieces so nothing overflows),
        // then the small carries (below 2^11) they leave.
        long c0 = h0 + (((l0 >>> 51) - h0) & 0x1fff);
        long c1 = h1 + (((l1 >>> 51) - h1) & 0x1fff);
        long c2 = h2 + (((l2 >>> 51) - h2) & 0x1fff);
        long c3 = h3 + (((l3 >>> 51) - h3) & 0x1fff);
        long c4 = h4 + (((l4 >>> 51) - h4) & 0x1fff);
        l0 = (l0 & M) + (c4 & M) * 19;
        l1 = (l1 & M) + c0 + (c4 >>> 51) * 19;
        l2 = (l2 & M) + c1;
        l3 = (l3 & M) + c2;
        l4 = (l4 & M) + c3;
        c0 = l0 >>> 51;
        c1 = l1 >>> 51;
        c2 = l2 >>> 51;
        c3 = l3 >>> 51;
        c4 = l4 >>> 51;
        l0 = (l0 & M) + c4 * 19;
        l1 = (l1 & M) + c0;
        l2 = (l2 & M) + c1;
        l3 = (l3 & M) + c2;
        l4 = (l4 & M) + c3;
        r[ro] = l0;
        r[ro + 1] = l1;
        r[ro + 2] = l2;
        r[ro + 3] = l3;
        r[ro + 4] = l4;
    }

    /** The element of the 32-byte little-endian encoding at {@code off}; the top bit (bit 255) is ignored. */
    static void fromBytes(long[] r, int ro, byte[] s, int off) {
        long w0 = load64(s, off);
        long w1 = load64(s, off + 8);
        long w2 = load64(s, off + 16);
        long w3 = load64(s, off + 24);
        r[ro] = w0 & M;
        r[ro + 1] = ((w0 >>> 51) | (w1 << 13)) & M;
        r[ro + 2] = ((w1 >>> 38) | (w2 << 26)) & M;
        r[ro + 3] = ((w2 >>> 25) | (w3 << 39)) & M;
        r[ro + 4] = (w3 >>> 12) & M;
    }

    /** The canonical (fully reduced) little-endian encoding of {@code a} into {@code out} at {@code off}. */
    static void toBytes(byte[] out, int off, long[] a, int ao) {
        long h0 = a[ao];
        long h1 = a[ao + 1];
        long h2 = a[ao + 2];
        long h3 = a[ao + 3];
        long h4 = a[ao + 4];
        // Two carry passes leave every limb below 2^51 (value below 2^255); then subtract p once if needed.
        for (int pass = 0; pass < 2; pass++) {
            h1 += h0 >>> 51;
            h0 &= M;
            h2 += h1 >>> 51;
            h1 &= M;
            h3 += h2 >>> 51;
            h2 &= M;
            h4 += h3 >>> 51;
            h3 &= M;
            h0 += (h4 >>> 51) * 19;
            h4 &= M;
        }
        // q = 1 exactly when the value is >= p (adding 19 carries out of bit 255).
        long q = (h0 + 19) >>> 51;
        q = (h1 + q) >>> 51;
        q = (h2 + q) >>> 51;
        q = (h3 + q) >>> 51;
        q = (h4 + q) >>> 51;
        h0 += 19 * q;
        h1 += h0 >>> 51;
        h0 &= M;
        h2 += h1 >>> 51;
        h1 &= M;
        h3 += h2 >>> 51;
        h2 &= M;
        h4 += h3 >>> 51;
        h3 &= M;
        h4 &= M;
        store64(out, off, h0 | (h1 << 51));
        store64(out, off + 8, (h1 >>> 13) | (h2 << 38));
        store64(out, off + 16, (h2 >>> 26) | (h3 << 25));
        store64(out, off + 24, (h3 >>> 39) | (h4 << 12));
    }

    /** Whether {@code a} is negative in the Ristretto sense: its canonical encoding is odd. */
    static boolean isNegative(long[] a, int ao) {
        byte[] b = new byte[32];
        toBytes(b, 0, a, ao);
        return (b[0] & 1) != 0;
    }

    static boolean isZero(long[] a, int ao) {
        byte[] b = new byte[32];
        toBytes(b, 0, a, ao);
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }

    /** Whether {@code a} and {@code b} are the same element (compares canonical encodings). */
    static boolean equal(long[] a, int ao, long[] b, int bo) {
        byte[] x = new byte[32];
        byte[] y = new byte[32];
        toBytes(x, 0, a, ao);
        toBytes(y, 0, b, bo);
        return java.util.Arrays.equals(x, y);
    }

    /** {@code r = |a|}: {@code a} or {@code -a}, whichever is non-negative. */
    static void abs(long[] r, int ro, long[] a, int ao) {
        if (isNegative(a, ao)) {
            neg(r, ro, a, ao);
        } else {
            copy(r, ro, a, ao);
        }
    }

    private static long load64(byte[] s, int off) {
        return (s[off] & 0xffL) | (s[off + 1] & 0xffL) << 8 | (s[off + 2] & 0xffL) << 16
                | (s[off + 3] & 0xffL) << 24 | (s[off + 4] & 0xffL) << 32 | (s[off + 5] & 0xffL) << 40
                | (s[off + 6] & 0xffL) << 48 | (s[off + 7] & 0xffL) << 56;
    }

    private static void store64(byte[] out, int off, long w) {
        for (int i = 0; i < 8; i++) {
            out[off + i] = (byte) (w >>> (8 * i));
        }
    }
}
