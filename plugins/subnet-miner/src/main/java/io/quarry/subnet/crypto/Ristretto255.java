package io.quarry.subnet.crypto;

import static io.quarry.subnet.crypto.Field25519.LIMBS;
import static io.quarry.subnet.crypto.Field25519.add;
import static io.quarry.subnet.crypto.Field25519.mul;
import static io.quarry.subnet.crypto.Field25519.sqr;
import static io.quarry.subnet.crypto.Field25519.sub;

/**
 * Ristretto255 encoding and decoding (RFC 9496, sections 4.3.1 and 4.3.2) of {@link Edwards25519} extended
 * points, variable time, for public data only.
 */
final class Ristretto255 {

    private static final int X = 0;
    private static final int Y = LIMBS;
    private static final int Z = 2 * LIMBS;
    private static final int T = 3 * LIMBS;

    private Ristretto255() {
    }

    /**
     * Decodes the 32 bytes at {@code in[off]} into the extended point {@code p}; false (p then undefined) when
     * they are not a canonical encoding of a Ristretto255 element.
     */
    static boolean decode(long[] p, byte[] in, int off) {
        if ((in[off + 31] & 0x80) != 0 || (in[off] & 1) != 0) {
            return false; // not reduced below 2^255, or a negative s
        }
        long[] s = Field25519.element();
        Field25519.fromBytes(s, 0, in, off);
        byte[] canonical = new byte[32];
        Field25519.toBytes(canonical, 0, s, 0);
        if (!java.util.Arrays.equals(canonical, 0, 32, in, off, off + 32)) {
            return false; // s >= p
        }
        long[] one = Field25519.element();
        Field25519.one(one, 0);
        long[] ss = Field25519.element();
        sqr(ss, 0, s, 0);
        long[] u1 = Field25519.element();
        long[] u2 = Field25519.element();
        sub(u1, 0, one, 0, ss, 0);
        add(u2, 0, one, 0, ss, 0);
        long[] u2sq = Field25519.element();
        sqr(u2sq, 0, u2, 0);
        long[] v = Field25519.element();
        sqr(v, 0, u1, 0);
        mul(v, 0, v, 0, Constants25519.D, 0);
        Field25519.neg(v, 0, v, 0);
        sub(v, 0, v, 0, u2sq, 0); // -(d u1^2) - u2^2
        long[] invsqrt = Field25519.element();
        long[] t = Field25519.element();
        mul(t, 0, v, 0, u2sq, 0);
        boolean square = Field25519Powers.sqrtRatioM1(invsqrt, 0, one, 0, t, 0);
        long[] denX = Field25519.element();
        long[] denY = Field25519.element();
        mul(denX, 0, invsqrt, 0, u2, 0);
        mul(denY, 0, invsqrt, 0, denX, 0);
        mul(denY, 0, denY, 0, v, 0);
        add(t, 0, s, 0, s, 0);
        mul(t, 0, t, 0, denX, 0);
        Field25519.abs(p, X, t, 0); // x = |2 s Dx|
        mul(p, Y, u1, 0, denY, 0); // y = u1 Dy
        Field25519.one(p, Z);
        mul(p, T, p, X, p, Y);
        return square && !Field25519.isNegative(p, T) && !Field25519.isZero(p, Y);
    }

    /** The canonical encoding of the element whose representative is the extended point {@code p}. */
    static void encode(byte[] out, int off, long[] p) {
        long[] u1 = Field25519.element();
        long[] u2 = Field25519.element();
        long[] t = Field25519.element();
        add(u1, 0, p, Z, p, Y);
        sub(t, 0, p, Z, p, Y);
        mul(u1, 0, u1, 0, t, 0); // (Z + Y)(Z - Y)
        mul(u2, 0, p, X, p, Y);
        sqr(t, 0, u2, 0);
        mul(t, 0, t, 0, u1, 0);
        long[] one = Field25519.element();
        Field25519.one(one, 0);
        long[] invsqrt = Field25519.element();
        Field25519Powers.sqrtRatioM1(invsqrt, 0, one, 0, t, 0);
        long[] den1 = Field25519.element();
        long[] den2 = Field25519.element();
        mul(den1, 0, invsqrt, 0, u1, 0);
        mul(den2, 0, invsqrt, 0, u2, 0);
        long[] zInv = Field25519.element();
        mul(zInv, 0, den1, 0, den2, 0);
        mul(zInv, 0, zInv, 0, p, T);
        long[] x = Field25519.element();
        long[] y = Field25519.element();
        long[] denInv = Field25519.element();
        mul(t, 0, p, T, zInv, 0);
        if (Field25519.isNegative(t, 0)) {
            // rotate: (x, y) = (i Y, i X), den_inv = den1 / sqrt(a - d)
            mul(x, 0, p, Y, Constants25519.SQRT_M1, 0);
            mul(y, 0, p, X, Constants25519.SQRT_M1, 0);
            mul(denInv, 0, den1, 0, Constants25519.INVSQRT_A_MINUS_D, 0);
        } else {
            Field25519.copy(x, 0, p, X);
            Field25519.copy(y, 0, p, Y);
            Field25519.copy(denInv, 0, den2, 0);
        }
        mul(t, 0, x, 0, zInv, 0);
        if (Field25519.isNegative(t, 0)) {
            Field25519.neg(y, 0, y, 0);
        }
        sub(t, 0, p, Z, y, 0);
        mul(t, 0, t, 0, denInv, 0);
        Field25519.abs(t, 0, t, 0);
        Field25519.toBytes(out, off, t, 0);
    }
}
