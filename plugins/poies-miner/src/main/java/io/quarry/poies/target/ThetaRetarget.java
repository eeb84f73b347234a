package io.quarry.poies.target;

/**
 * Theta after each block, steering the block interval toward {@code blockTimeSecs}. Theta is the log of the work
 * a block needs (a block takes about {@code e^(Theta - psi)} hashes), so the rule works on it linearly, in
 * integers:
 *
 * <pre>
 *   dt    = clamp(parent.time - grandparent.time, 0, 10^9)             seconds
 *   step  = (T - dt) * 10^6 / (relaxationBlocks * T)                   micro-nats, rounded toward zero
 *   step  = clamp(step, -maxStepMicro, +maxStepMicro)
 *   Theta = clamp(Theta + step, minThetaMicro, maxThetaMicro)
 * </pre>
 *
 * A block found in no time raises Theta by {@code 1 / relaxationBlocks} nats, a block on time leaves it alone, a
 * late one lowers it in proportion to how late (at most {@code maxStepMicro}). Because the step is linear in dt,
 * it averages to zero exactly when the mean interval is T: the rule has no bias for the exponential spread of
 * block times (a rule on {@code ln(T / dt)} would settle about 1.8 T). Over {@code relaxationBlocks} blocks a
 * change of hash rate or of attached psi is mostly absorbed. This is the absolutely scheduled exponential
 * adjustment of Bitcoin Cash's ASERT, taken one block at a time, which in log units is a plain sum.
 *
 * @param blockTimeSecs the target interval T, {@code >= 1}
 * @param relaxationBlocks how many blocks an error takes to correct by one nat per T of error, {@code >= 1}
 * @param maxStepMicro the largest change per block, {@code >= 1}
 * @param minThetaMicro the least Theta, {@code >= 1}
 * @param maxThetaMicro the greatest Theta, {@code >= minThetaMicro}
 */
public record ThetaRetarget(long blockTimeSecs, long relaxationBlocks, long maxStepMicro, long minThetaMicro,
        long maxThetaMicro) {

    /** Default relaxation: eight blocks. */
    public static final long DEFAULT_RELAXATION_BLOCKS = 8;
    /** Default step bound: half a nat (work per block changes by at most e^0.5 = 1.65x per block). */
    public static final long DEFAULT_MAX_STEP_MICRO = 500_000;
    /** Default least Theta: one nat. */
    public static final long DEFAULT_MIN_THETA_MICRO = 1_000_000;
    /** Default greatest Theta: 1,000 nats (beyond any hash; only proofs could reach it). */
    public static final long DEFAULT_MAX_THETA_MICRO = 1_000_000_000;

    private static final long MAX_INTERVAL_SECS = 1_000_000_000;

    /** Checks the ranges. */
    public ThetaRetarget {
        if (blockTimeSecs < 1 || blockTimeSecs > MAX_INTERVAL_SECS || relaxationBlocks < 1
                || relaxationBlocks > 1_000_000 || maxStepMicro < 1 || minThetaMicro < 1
                || maxThetaMicro < minThetaMicro) {
            throw new IllegalArgumentException("Theta retarget out of range: blockTimeSecs=" + blockTimeSecs
                    + " relaxationBlocks=" + relaxationBlocks + " maxStepMicro=" + maxStepMicro + " minThetaMicro="
                    + minThetaMicro + " maxThetaMicro=" + maxThetaMicro);
        }
    }

    /** The default rule for {@code blockTimeSecs}. */
    public static ThetaRetarget forBlockTime(long blockTimeSecs) {
        return new ThetaRetarget(blockTimeSecs, DEFAULT_RELAXATION_BLOCKS, DEFAULT_MAX_STEP_MICRO,
                DEFAULT_MIN_THETA_MICRO, DEFAULT_MAX_THETA_MICRO);
    }

    /**
     * Theta for the child of a block that had {@code parentThetaMicro} and came {@code intervalSecs} after its own
     * parent (negative intervals, from clock skew, count as 0).
     */
    public long next(long parentThetaMicro, long intervalSecs) {
        long dt = Math.max(0, Math.min(MAX_INTERVAL_SECS, intervalSecs));
        // |T - dt| <= 1e9, so the numerator stays below 1e15; the divisor below 1e15 too
        long step = (blockTimeSecs - dt) * 1_000_000 / (relaxationBlocks * blockTimeSecs);
        step = Math.max(-maxStepMicro, Math.min(maxStepMicro, step));
        long parent = Math.max(minThetaMicro, Math.min(maxThetaMicro, parentThetaMicro));
        long theta = parent + step;
        if (step > 0 && theta < parent) {
            theta = Long.MAX_VALUE; // maxThetaMicro near Long.MAX_VALUE: saturate instead of wrapping
        }
        return Math.max(minThetaMicro, Math.min(maxThetaMicro, theta));
    }
}
