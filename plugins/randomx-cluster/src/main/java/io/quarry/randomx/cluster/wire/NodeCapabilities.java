package io.quarry.randomx.cluster.wire;

/**
 * What a member can do, as it measured itself: sent in HELLO and CAPABILITIES, and (compactly) in beacons.
 *
 * @param cores logical CPUs
 * @param threads mining threads it runs
 * @param freeRamMb memory it may use, in MiB
 * @param hugePages whether large pages are available to it
 * @param canHoldDataset whether it can keep the 2080 MiB fast-mode dataset in memory
 * @param hashrate its measured hashes per second (0 before the first measurement)
 */
public record NodeCapabilities(int cores, int threads, long freeRamMb, boolean hugePages, boolean canHoldDataset,
                               double hashrate) {

    /** The most cores or threads a member may claim. */
    public static final int MAX_THREADS = 65_535;
    /** The most RAM a member may claim: 2^32 - 1 MiB. */
    public static final long MAX_RAM_MB = 0xFFFF_FFFFL;
    /** The most hashes per second a member may claim (far above any CPU). */
    public static final double MAX_HASHRATE = 1e9;

    public NodeCapabilities {
        if (cores < 0 || cores > MAX_THREADS || threads < 0 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("cores and threads must be 0.." + MAX_THREADS + ", were " + cores
                    + " and " + threads);
        }
        if (freeRamMb < 0 || freeRamMb > MAX_RAM_MB) {
            throw new IllegalArgumentException("freeRamMb must be 0.." + MAX_RAM_MB + ", was " + freeRamMb);
        }
        if (!(hashrate >= 0 && hashrate <= MAX_HASHRATE)) {
            throw new IllegalArgumentException("hashrate must be 0.." + MAX_HASHRATE + ", was " + hashrate);
        }
    }

    /** The same capabilities with a new measured hashrate. */
    public NodeCapabilities withHashrate(double value) {
        return new NodeCapabilities(cores, threads, freeRamMb, hugePages, canHoldDataset, value);
    }
}
