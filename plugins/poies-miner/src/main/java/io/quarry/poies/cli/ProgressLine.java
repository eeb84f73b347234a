package io.quarry.poies.cli;

import io.quarry.api.miner.MinerStats;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** One line of mining progress: height, hash rate, the node's verdicts, blocks, connection. */
final class ProgressLine {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private ProgressLine() {
    }

    static String format(MinerStats stats, LocalTime now) {
        Map<String, Object> extra = stats.extra();
        long height = ((Number) extra.getOrDefault("height", -1L)).longValue();
        boolean connected = Boolean.TRUE.equals(extra.get("connected"));
        return String.format(Locale.ROOT, "[%s] %s | %s | shares %d accepted, %d rejected, %d stale | blocks %s | %s",
                TIME.format(now), height < 0 ? "no work yet" : "height " + height,
                rate(stats.hashrate().tenSeconds()), stats.sharesAccepted(), stats.sharesRejected(),
                stats.sharesStale(), extra.getOrDefault("blocks", 0), connected ? "connected" : "connecting");
    }

    /** Nonces a second with a unit: 950 H/s, 12.3 kH/s, 1.23 MH/s. */
    static String rate(double perSecond) {
        if (perSecond >= 1e9) {
            return String.format(Locale.ROOT, "%.2f GH/s", perSecond / 1e9);
        }
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2f MH/s", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1f kH/s", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f H/s", perSecond);
    }
}
