package io.quarry.subnet.crypto;

import static io.quarry.subnet.crypto.Field25519.LIMBS;
import static io.quarry.subnet.crypto.Field25519.abs;
import static io.quarry.subnet.crypto.Field25519.element;
import static io.quarry.subnet.crypto.Field25519.equal;
import static io.quarry.subnet.crypto.Field25519.mul;
import static io.quarry.subnet.crypto.Field25519.neg;
import static io.quarry.subnet.crypto.Field25519.sqr;

/**
 * Exponentiations in {@link Field25519}: inversion and RFC 9496's square root of a ratio, through the usual
 * addition chain for {@code 2^250 - 1}. Variable time, like the rest of the verifier's arithmetic.
 */
final class Field25519Powers {

    private Field25519Powers() {
    }

    /** {@code r = 1/a} ({@code a^(p-2)}); zero for zero. */
    static void invert(long[] r, int ro, long[] a, int ao) {
        long[] t = new long[2 * LIMBS];
        pow22501(t, a, ao); // t[0..5) = a^(2^250 - 1), t[5..10) = a^11
        sqr(t, 0, t, 0, 5);
        mul(r, ro, t, 0, t, LIMBS); // a^(2^255 - 32 + 11) = a^(p - 2)
    }

    /**
     * {@code r = a^((p-5)/8) = a^(2^252 - 3)}, the exponent of the square-root-of-a-ratio formula.
     */
    static void powP58(long[] r, int ro, long[] a, int ao) {
        long[] t = new long[2 * LIMBS];
        pow22501(t, a, ao);
        sqr(t, 0, t, 0, 2);
        mul(r, ro, t, 0, a, ao);
    }

    /** {@code out[0..5) = a^(2^250 - 1)}, {@code out[5..10) = a^11}. */
    private static void pow22501(long[] out, long[] a, int ao) {
        long[] t0 = element();
        long[] t1 = element();
        long[] t2 = element();
        long[] t3 = element();
        sqr(t0, 0, a, ao); // 2
        sqr(t1, 0, t0, 0, 2); // 8
        mul(t1, 0, a, ao, t1, 0); // 9
        mul(out, LIMBS, t0, 0, t1, 0); // 11
        sqr(t0, 0, out, LIMBS); // 22
        mul(t0, 0, t1, 0, t0, 0); // 31 = 2^5 - 1
        sqr(t1, 0, t0, 0, 5);
        mul(t1, 0, t1, 0, t0, 0); // 2^10 - 1
        sqr(t2, 0, t1, 0, 10);
        mul(t2, 0, t2, 0, t1, 0); // 2^20 - 1
        sqr(t3, 0, t2, 0, 20);
        mul(t2, 0, t3, 0, t2, 0); // 2^40 - 1
        sqr(t2, 0, t2, 0, 10);
        mul(t1, 0, t2, 0, t1, 0); // 2^50 - 1
        sqr(t2, 0, t1, 0, 50);
        mul(t2, 0, t2, 0, t1, 0); // 2^100 - 1
        sqr(t3, 0, t2, 0, 100);
        mul(t2, 0, t3, 0, t2, 0); // 2^200 - 1
        sqr(t2, 0, t2, 0, 50);
        mul(out, 0, t2, 0, t1, 0); // 2^250 - 1
    }

    /**
     * The square root of {@code u/v} as the Ristretto specification defines {@code SQRT_RATIO_M1}: writes the
     * non-negative root of {@code u/v} (or of {@code i*u/v} when {@code u/v} is not a square) into {@code r} and
     * returns whether {@code u/v} was a square (with {@code v = 0}: true only for {@code u = 0}, root 0).
     */
    static boolean sqrtRatioM1(long[] r, int ro, long[] u, int uo, long[] v, int vo) {
        long[] v3 = element();
        long[] v7 = element();
        long[] x = element();
        long[] check = element();
        sqr(v3, 0, v, vo);
        mul(v3, 0, v3, 0, v, vo); // v^3
        sqr(v7, 0, v3, 0);
        mul(v7, 0, v7, 0, v, vo); // v^7
        mul(x, 0, u, uo, v7, 0);
        powP58(x, 0, x, 0);
        mul(x, 0, x, 0, v3, 0);
        mul(x, 0, x, 0, u, uo); // (u v^3) (u v^7)^((p-5)/8)
        sqr(check, 0, x, 0);
        mul(check, 0, check, 0, v, vo);
        long[] minusU = element();
        neg(minusU, 0, u, uo);
        long[] minusUi = element();
        mul(minusUi, 0, minusU, 0, Constants25519.SQRT_M1, 0);
        boolean correct = equal(check, 0, u, uo);
        boolean flipped = equal(check, 0, minusU, 0);
        boolean flippedI = equal(check, 0, minusUi, 0);
        if (flipped || flippedI) {
            mul(x, 0, x, 0, Constants25519.SQRT_M1, 0);
        }
        abs(r, ro, x, 0);
        return correct || flipped;
    }
}
