package io.quarry.api.miner;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A miner's figures at one moment.
 *
 * @param hashrate work per second averaged over three windows (hashes, nonces or the kind's unit)
 * @param sharesAccepted shares the upstream accepted
 * @param sharesRejected shares the upstream rejected as invalid
 * @param sharesStale shares that arrived after their job was replaced
 * @param uptime time since the miner last started (zero when stopped)
 * @param extra kind-specific figures (blocks found, bytes stored, peers), JSON-friendly values only
 */
public record MinerStats(
        Hashrate hashrate,
        long sharesAccepted,
        long sharesRejected,
        long sharesStale,
        Duration uptime,
        Map<String, Object> extra) {

    public MinerStats {
        Objects.requireNonNull(hashrate, "hashrate");
        Objects.requireNonNull(uptime, "uptime");
        extra = Map.copyOf(extra);
    }

    /** The figures of a miner that has done nothing. */
    public static MinerStats idle() {
        return new MinerStats(Hashrate.ZERO, 0, 0, 0, Duration.ZERO, Map.of());
    }

    /**
     * Work per second over the last 10 seconds, 60 seconds and 15 minutes.
     *
     * @param tenSeconds rate over 10 s
     * @param sixtySeconds rate over 60 s
     * @param fifteenMinutes rate over 15 min
     */
    public record Hashrate(double tenSeconds, double sixtySeconds, double fifteenMinutes) {
        /** No work. */
        public static final Hashrate ZERO = new Hashrate(0, 0, 0);
    }
}
