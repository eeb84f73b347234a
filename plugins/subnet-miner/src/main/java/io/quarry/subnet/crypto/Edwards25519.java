package io.quarry.subnet.crypto;

import static io.quarry.subnet.crypto.Field25519.LIMBS;
import static io.quarry.subnet.crypto.Field25519.add;
import static io.quarry.subnet.crypto.Field25519.addLazy;
import static io.quarry.subnet.crypto.Field25519.mul;
import static io.quarry.subnet.crypto.Field25519.sqr;
import static io.quarry.subnet.crypto.Field25519.sub;
import static io.quarry.subnet.crypto.Field25519.subLazy;

/**
 * Point arithmetic on edwards25519 over {@link Field25519}, in place and without allocation, for the public
 * verification equation (variable time). Formulas are Hisil, Wong, Carter and Dawson's (2008) for
 * {@code a = -1}, as curve25519-dalek uses them. Layouts in a {@code long[]} (five limbs per coordinate):
 * <ul>
 * <li>extended point, {@value #EXTENDED} longs: {@code X, Y, Z, T} with {@code x = X/Z, y = Y/Z, xy = T/Z};
 * <li>cached point, {@value #CACHED} longs: {@code Y+X, Y-X, Z, 2dT} (any point, for repeated additions);
 * <li>affine point, {@value #AFFINE} longs: {@code y+x, y-x, 2dxy} ({@code Z = 1}, one multiplication less).
 * </ul>
 * A workspace of {@value #WORKSPACE} longs holds the intermediate values; one per thread of computation.
 */
final class Edwards25519 {

    static final int EXTENDED = 4 * LIMBS;
    static final int CACHED = 4 * LIMBS;
    static final int AFFINE = 3 * LIMBS;
    static final int WORKSPACE = 4 * LIMBS;

    private static final int X = 0;
    private static final int Y = LIMBS;
    private static final int Z = 2 * LIMBS;
    private static final int T = 3 * LIMBS;

    private Edwards25519() {
    }

    static long[] identity() {
        long[] p = new long[EXTENDED];
        setIdentity(p);
        return p;
    }

    static void setIdentity(long[] p) {
        java.util.Arrays.fill(p, 0, EXTENDED, 0);
        p[Y] = 1;
        p[Z] = 1;
    }

    /** {@code p = p + q} (or {@code p - q} when {@code subtract}) for the affine point at {@code q[qo]}. */
    static void addAffine(long[] p, long[] q, int qo, boolean subtract, long[] w) {
        // w: 0 = Y1+X1, 5 = Y1-X1, then the completed point (cX, cY, cZ, cT) in 0..20.
        addLazy(w, 0, p, Y, p, X);
        subLazy(w, LIMBS, p, Y, p, X);
        mul(w, 0, w, 0, q, qo + (subtract ? LIMBS : 0)); // PP
        mul(w, LIMBS, w, LIMBS, q, qo + (subtract ? 0 : LIMBS)); // MM
        mul(w, 2 * LIMBS, p, T, q, qo + 2 * LIMBS); // T1 * 2dxy
        add(w, 3 * LIMBS, p, Z, p, Z); // 2 Z1
        completeAddition(p, w, subtract);
    }

    /** {@code p = p + q} (or {@code p - q}) for the cached point at {@code q[qo]}. */
    static void addCached(long[] p, long[] q, int qo, boolean subtract, long[] w) {
        addLazy(w, 0, p, Y, p, X);
        subLazy(w, LIMBS, p, Y, p, X);
        mul(w, 0, w, 0, q, qo + (subtract ? LIMBS : 0));
        mul(w, LIMBS, w, LIMBS, q, qo + (subtract ? 0 : LIMBS));
        mul(w, 2 * LIMBS, p, T, q, qo + 3 * LIMBS);
        mul(w, 3 * LIMBS, p, Z, q, qo + 2 * LIMBS);
        add(w, 3 * LIMBS, w, 3 * LIMBS, w, 3 * LIMBS);
        completeAddition(p, w, subtract);
    }

    /** From w = (PP, MM, TT2d, ZZ2) to the extended sum in p. */
    private static void completeAddition(long[] p, long[] w, boolean subtract) {
        // Completed point: X = PP - MM, Y = PP + MM, Z = ZZ2 +- TT2d, T = ZZ2 -+ TT2d; written over p first.
        // Its coordinates are only multiplied, so they are lazy sums and differences.
        subLazy(p, X, w, 0, w, LIMBS);
        addLazy(p, Y, w, 0, w, LIMBS);
        if (subtract) {
            subLazy(p, Z, w, 3 * LIMBS, w, 2 * LIMBS);
            addLazy(p, T, w, 3 * LIMBS, w, 2 * LIMBS);
        } else {
            addLazy(p, Z, w, 3 * LIMBS, w, 2 * LIMBS);
            subLazy(p, T, w, 3 * LIMBS, w, 2 * LIMBS);
        }
        completedToExtended(p, w);
    }

    /** p holds a completed point (X, Y, Z, T); makes it the extended (XT, YZ, ZT, XY). */
    private static void completedToExtended(long[] p, long[] w) {
        // In this order each coordinate is overwritten only after its last use.
        mul(w, 0, p, X, p, Y); // XY
        mul(p, X, p, X, p, T);
        mul(p, Y, p, Y, p, Z);
        mul(p, Z, p, Z, p, T);
        Field25519.copy(p, T, w, 0);
    }

    /** {@code p = 2p}. */
    static void dbl(long[] p, long[] w) {
        dbl(p, w, true);
    }

    /**
     * {@code p = 2p}; without {@code withT} the result's {@code T} is left stale (one multiplication less),
     * which is enough when the next operation is another doubling (it reads only {@code X, Y, Z}).
     */
    static void dbl(long[] p, long[] w, boolean withT) {
        sqr(w, 0, p, X); // XX
        sqr(w, LIMBS, p, Y); // YY
        sqr(w, 2 * LIMBS, p, Z);
        add(w, 2 * LIMBS, w, 2 * LIMBS, w, 2 * LIMBS); // 2ZZ
        addLazy(w, 3 * LIMBS, p, X, p, Y);
        sqr(w, 3 * LIMBS, w, 3 * LIMBS); // (X+Y)^2
        // Completed: Y = YY + XX, X = (X+Y)^2 - Y, Z = YY - XX, T = 2ZZ - Z; X and T are only multiplied.
        add(p, Y, w, LIMBS, w, 0);
        subLazy(p, X, w, 3 * LIMBS, p, Y);
        sub(p, Z, w, LIMBS, w, 0);
        subLazy(p, T, w, 2 * LIMBS, p, Z);
        if (withT) {
            completedToExtended(p, w);
        } else {
            mul(p, X, p, X, p, T);
            mul(p, Y, p, Y, p, Z);
            mul(p, Z, p, Z, p, T);
        }
    }

    /** {@code p = -p}. */
    static void negate(long[] p) {
        Field25519.neg(p, X, p, X);
        Field25519.neg(p, T, p, T);
    }

    /** Writes the cached form of extended {@code p} at {@code c[co]}. */
    static void toCached(long[] c, int co, long[] p) {
        add(c, co, p, Y, p, X);
        sub(c, co + LIMBS, p, Y, p, X);
        Field25519.copy(c, co + 2 * LIMBS, p, Z);
        mul(c, co + 3 * LIMBS, p, T, Constants25519.D2, 0);
    }

    /**
     * Writes the affine forms of {@code count} extended points stored one after another in {@code points} into
     * {@code out}, one after another: one field inversion for all of them (Montgomery's trick).
     */
    static void toAffine(long[] out, long[] points, int count) {
        long[] prefix = new long[count * LIMBS]; // prefix[i] = Z_0 * ... * Z_i
        Field25519.copy(prefix, 0, points, Z);
        for (int i = 1; i < count; i++) {
            mul(prefix, i * LIMBS, prefix, (i - 1) * LIMBS, points, i * EXTENDED + Z);
        }
        long[] inv = Field25519.element();
        Field25519Powers.invert(inv, 0, prefix, (count - 1) * LIMBS);
        long[] zInv = Field25519.element();
        long[] x = Field25519.element();
        long[] y = Field25519.element();
        for (int i = count - 1; i >= 0; i--) {
            if (i > 0) {
                mul(zInv, 0, inv, 0, prefix, (i - 1) * LIMBS);
                mul(inv, 0, inv, 0, points, i * EXTENDED + Z);
            } else {
                Field25519.copy(zInv, 0, inv, 0);
            }
            mul(x, 0, points, i * EXTENDED + X, zInv, 0);
            mul(y, 0, points, i * EXTENDED + Y, zInv, 0);
            int o = i * AFFINE;
            add(out, o, y, 0, x, 0);
            sub(out, o + LIMBS, y, 0, x, 0);
            mul(x, 0, x, 0, y, 0);
            mul(out, o + 2 * LIMBS, x, 0, Constants25519.D2, 0);
        }
    }
}
