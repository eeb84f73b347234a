package io.quarry.natives;

/**
 * The calling thread's floating-point rounding mode. randomx.h warns that
 * {@code randomx_calculate_hash_first/next/last} "may alter the floating point rounding mode of the calling
 * thread" (RandomX programs switch it with CFROUND and the batch functions do not restore it), and the JVM does
 * not restore it after a native call either, so Java {@code double} arithmetic on that thread would round
 * differently afterwards. Mining threads call {@link #restoreDefaultRounding()} before they run other Java code.
 */
public final class FloatingPoint {

    /** {@code FE_TONEAREST} on x86-64 and AArch64 glibc: the IEEE 754 default the JVM expects. */
    public static final int FE_TONEAREST = 0;

    // Volatile so neither javac nor the JIT can fold the divisions: they must run with the thread's live mode.
    private static volatile double one = 1.0;
    private static volatile double ten = 10.0;

    private FloatingPoint() {
    }

    /** Sets round-to-nearest on the calling thread; a no-op where fenv is unavailable. */
    public static void restoreDefaultRounding() {
        if (LibC.Fenv.AVAILABLE) {
            LibC.Fenv.fesetround(FE_TONEAREST);
        }
    }

    /**
     * Whether Java arithmetic on the calling thread rounds to nearest. 1/10 is 1.100110011..b x 2^-4 and the
     * bits past the 52nd are above one half, so rounding to nearest gives the larger magnitude (0x3FB999999999999A)
     * while toward zero and down give the smaller one; for -1/10 rounding up does the same. The two quotients
     * together tell the default mode from the other three.
     */
    public static boolean roundsToNearest() {
        double positive = one / ten;
        double negative = -one / ten;
        return Double.doubleToRawLongBits(positive) == 0x3FB999999999999AL
                && Double.doubleToRawLongBits(negative) == 0xBFB999999999999AL;
    }
}
