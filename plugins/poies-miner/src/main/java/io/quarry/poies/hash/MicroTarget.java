package io.quarry.poies.hash;

/**
 * The share micro-target ({@code docs/poies-canonical-header.md} section 4): the least H(u), in micro-nats, of a
 * share worth submitting. Since a nonce reaches {@code t} nats with probability {@code e^-t}, a miner hashing {@code
 * R} nonces a second finds {@code R e^-t} shares a second; the target that gives {@code s} shares a second is {@code
 * t = ln(R / s)}. Expressed against Theta the same target is a {@code d_ratio_ppm} floor, {@code t * 10^6 / Theta}.
 *
 * <p>These are local tuning figures (how often to submit), computed in floating point; admission compares the
 * share's exact {@link UDraw#hMicro} with the integer target.
 */
public final class MicroTarget {

    private MicroTarget() {
    }

    /**
     * The target giving about {@code sharesPerSecond} shares at {@code hashesPerSecond}, in micro-nats, never below
     * {@code floorMicro} nor above {@code thetaMicro} (a share deeper than Theta is a block anyway).
     */
    public static long forRate(double hashesPerSecond, double sharesPerSecond, long floorMicro, long thetaMicro) {
        if (!(hashesPerSecond >= 0) || !(sharesPerSecond > 0) || floorMicro < 0 || thetaMicro < floorMicro) {
            throw new IllegalArgumentException("need hashesPerSecond >= 0, sharesPerSecond > 0 and 0 <= floorMicro <="
                    + " thetaMicro, have " + hashesPerSecond + ", " + sharesPerSecond + ", " + floorMicro + ", "
                    + thetaMicro);
        }
        if (hashesPerSecond <= sharesPerSecond) {
            return floorMicro;
        }
        double micro = Math.log(hashesPerSecond / sharesPerSecond) * UDraw.MICRO;
        return Math.max(floorMicro, Math.min(thetaMicro, Math.round(micro)));
    }

    /** Expected shares a second at {@code hashesPerSecond} for target {@code targetMicro}. */
    public static double sharesPerSecond(double hashesPerSecond, long targetMicro) {
        return hashesPerSecond * Math.exp(-(double) targetMicro / UDraw.MICRO);
    }

    /** Expected hashes per share at target {@code targetMicro}: {@code e^t}. */
    public static double hashesPerShare(long targetMicro) {
        return Math.exp((double) targetMicro / UDraw.MICRO);
    }

    /** The target as a {@code d_ratio_ppm} floor against {@code thetaMicro} (rounded down). */
    public static long toDRatioPpm(long targetMicro, long thetaMicro) {
        return UDraw.dRatioPpm(Math.min(targetMicro, UDraw.MAX_H_MICRO), thetaMicro);
    }

    /**
     * The least H(u) in micro-nats whose {@code d_ratio_ppm} against {@code thetaMicro} reaches {@code dRatioPpm}:
     * {@code ceil(dRatioPpm * thetaMicro / 10^6)}, since {@code floor(h * 10^6 / theta) >= d} exactly when
     * {@code h >= d * theta / 10^6}.
     */
    public static long fromDRatioPpm(long dRatioPpm, long thetaMicro) {
        if (dRatioPpm < 0 || thetaMicro < 1) {
            throw new IllegalArgumentException("need dRatioPpm >= 0 and thetaMicro >= 1, have " + dRatioPpm + " and "
                    + thetaMicro);
        }
        long product = Math.multiplyExact(dRatioPpm, thetaMicro);
        return Math.ceilDiv(product, UDraw.MICRO);
    }
}
