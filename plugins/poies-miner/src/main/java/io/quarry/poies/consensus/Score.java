package io.quarry.poies.consensus;

import java.util.Collection;

/**
 * The PoIES score ({@code docs/poies-canonical-header.md} section 4): {@code S = H(u) + sum psi}, in micro-nats,
 * against Theta ({@code thetaMicro}). A block is sealed only when {@code S >= Theta}. All integers: psi values are
 * the proof kinds' credited micro-nats (after caps), H(u) is {@link io.quarry.poies.hash.UDraw#hMicro}. Sums saturate
 * at {@code Long.MAX_VALUE} rather than wrap.
 */
public final class Score {

    private Score() {
    }

    /** {@code hMicro + psiMicro}, saturating. */
    public static long sMicro(long hMicro, long psiMicro) {
        requireNonNegative(hMicro, "hMicro");
        requireNonNegative(psiMicro, "psiMicro");
        long sum = hMicro + psiMicro;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** Whether {@code hMicro + psiMicro >= thetaMicro}. */
    public static boolean meets(long hMicro, long psiMicro, long thetaMicro) {
        if (thetaMicro < 1) {
            throw new IllegalArgumentException("thetaMicro must be >= 1, was " + thetaMicro);
        }
        return sMicro(hMicro, psiMicro) >= thetaMicro;
    }

    /** The sum of {@code psiMicros}, each {@code >= 0}, saturating. */
    public static long psiSum(Collection<Long> psiMicros) {
        long sum = 0;
        for (long psi : psiMicros) {
            sum = sMicro(sum, psi);
        }
        return sum;
    }

    /** The H(u) a share needs for the block, given {@code psiMicro} of proofs: {@code max(0, Theta - psi)}. */
    public static long neededHMicro(long thetaMicro, long psiMicro) {
        requireNonNegative(psiMicro, "psiMicro");
        return Math.max(0, thetaMicro - psiMicro);
    }

    private static void requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
    }
}
