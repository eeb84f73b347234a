package io.quarry.poies.target;

/**
 * Theta for a new chain. A block needs about {@code e^Theta} hashes when no proofs are attached, so a miner
 * hashing {@code R} nonces a second seals one every {@code T} seconds on average when {@code Theta = ln(R * T)}.
 * The dev chain starts from {@link #devThetaMicro}, sized for one scanner thread; {@link ThetaRetarget} then
 * follows the real hash rate and the psi the node attaches.
 */
public final class GenesisTheta {

    /**
     * One {@code CpuDevice} thread's nonces per second on the project's reference machine (2-core, Temurin 25;
     * bench/BENCHMARKS.md, "PoIES scanner", measured with other builds running). A faster machine seals the first
     * few dev blocks early, a slower one late, until the retarget catches up.
     */
    public static final double DEV_HASHES_PER_SECOND = 1_000_000;

    private GenesisTheta() {
    }

    /** {@code round(ln(hashesPerSecond * blockTimeSecs) * 10^6)}, at least one nat. */
    public static long thetaMicro(double hashesPerSecond, long blockTimeSecs) {
        if (!(hashesPerSecond > 0) || blockTimeSecs < 1) {
            throw new IllegalArgumentException("need hashesPerSecond > 0 and blockTimeSecs >= 1, have "
                    + hashesPerSecond + " and " + blockTimeSecs);
        }
        double nats = StrictMath.log(hashesPerSecond * blockTimeSecs); // StrictMath: the same bits everywhere
        return Math.max(ThetaRetarget.DEFAULT_MIN_THETA_MICRO, Math.round(nats * 1e6));
    }

    /** Genesis Theta of the dev chain: one scanner thread sealing every {@code blockTimeSecs} seconds. */
    public static long devThetaMicro(long blockTimeSecs) {
        return thetaMicro(DEV_HASHES_PER_SECOND, blockTimeSecs);
    }
}
