package io.quarry.randomx.stratum;

import io.quarry.api.config.HostPort;
import io.quarry.api.jsonrpc.JsonRpcLimits;
import io.quarry.api.jsonrpc.JsonRpcServerTls;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The Stratum endpoint for outside miners.
 *
 * @param host address to bind ({@code stratum_listen}'s host)
 * @param port port to bind, 0 for any free one
 * @param tls TLS for miners that connect with {@code stratum+ssl://}; empty for plain TCP
 * @param startDifficulty the difficulty a miner starts at ({@code stratum_difficulty}); with vardiff off, it keeps it
 * @param minDifficulty the lowest difficulty vardiff goes to
 * @param maxDifficulty the highest difficulty vardiff goes to (the upstream job's difficulty caps it too)
 * @param shareTime vardiff's aim: one share per this long; {@link Duration#ZERO} keeps difficulty fixed
 * @param retargetInterval how often vardiff reconsiders a miner's difficulty
 * @param staleGrace how long shares for a replaced job are still taken (results already on the wire)
 * @param loginWait how long a login waits for the first upstream job before it is refused
 * @param limits line, connection and rate limits of the line server
 */
public record StratumSettings(String host, int port, Optional<JsonRpcServerTls> tls, long startDifficulty,
                              long minDifficulty, long maxDifficulty, Duration shareTime, Duration retargetInterval,
                              Duration staleGrace, Duration loginWait, JsonRpcLimits limits) {

    public static final long DEFAULT_MIN_DIFFICULTY = 100;
    public static final long DEFAULT_MAX_DIFFICULTY = 1L << 40;
    /** Pools commonly aim at a share every 30 s per miner. */
    public static final Duration DEFAULT_SHARE_TIME = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RETARGET_INTERVAL = Duration.ofSeconds(90);
    public static final Duration DEFAULT_STALE_GRACE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_LOGIN_WAIT = Duration.ofSeconds(10);

    public StratumSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(shareTime, "shareTime");
        Objects.requireNonNull(retargetInterval, "retargetInterval");
        Objects.requireNonNull(staleGrace, "staleGrace");
        Objects.requireNonNull(loginWait, "loginWait");
        Objects.requireNonNull(limits, "limits");
        if (minDifficulty < 1 || startDifficulty < minDifficulty || maxDifficulty < startDifficulty) {
            throw new IllegalArgumentException("difficulties must satisfy 1 <= min <= start <= max, were min="
                    + minDifficulty + " start=" + startDifficulty + " max=" + maxDifficulty);
        }
        if (shareTime.isNegative() || retargetInterval.isNegative() || retargetInterval.isZero()
                || staleGrace.isNegative() || loginWait.isNegative()) {
            throw new IllegalArgumentException("durations must be >= 0 (retargetInterval > 0)");
        }
    }

    /**
     * Defaults around a fixed start difficulty, with vardiff on.
     *
     * @param listen where to listen, as {@code stratum_listen} says
     */
    public static StratumSettings of(HostPort listen, long startDifficulty) {
        Objects.requireNonNull(listen, "listen");
        long min = Math.min(DEFAULT_MIN_DIFFICULTY, startDifficulty);
        return new StratumSettings(listen.host(), listen.port(), Optional.empty(), startDifficulty, min,
                Math.max(DEFAULT_MAX_DIFFICULTY, startDifficulty), DEFAULT_SHARE_TIME, DEFAULT_RETARGET_INTERVAL,
                DEFAULT_STALE_GRACE, DEFAULT_LOGIN_WAIT, JsonRpcLimits.DEFAULTS);
    }

    /** Whether difficulty follows each miner's share rate. */
    public boolean vardiff() {
        return !shareTime.isZero();
    }

    public StratumSettings withVardiff(Duration newShareTime, Duration newRetargetInterval) {
        return new StratumSettings(host, port, tls, startDifficulty, minDifficulty, maxDifficulty, newShareTime,
                newRetargetInterval, staleGrace, loginWait, limits);
    }

    public StratumSettings withTiming(Duration newStaleGrace, Duration newLoginWait) {
        return new StratumSettings(host, port, tls, startDifficulty, minDifficulty, maxDifficulty, shareTime,
                retargetInterval, newStaleGrace, newLoginWait, limits);
    }

    public StratumSettings withTls(JsonRpcServerTls newTls) {
        return new StratumSettings(host, port, Optional.of(newTls), startDifficulty, minDifficulty, maxDifficulty,
                shareTime, retargetInterval, staleGrace, loginWait, limits);
    }

    public StratumSettings withLimits(JsonRpcLimits newLimits) {
        return new StratumSettings(host, port, tls, startDifficulty, minDifficulty, maxDifficulty, shareTime,
                retargetInterval, staleGrace, loginWait, newLimits);
    }
}
