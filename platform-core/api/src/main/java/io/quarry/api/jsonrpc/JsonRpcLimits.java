package io.quarry.api.jsonrpc;

import io.quarry.api.limit.RateLimit;
import java.time.Duration;
import java.util.Objects;

/**
 * What one line server tolerates from its clients. Every limit that trips is counted in
 * {@code quarry.jsonrpc.errors{reason=...}}.
 *
 * <p>Rate limiting answers, it does not delay: a request over the per-connection or the global token bucket
 * is answered at once with {@link JsonRpcError#RATE_LIMITED} (a notification over the rate is dropped).
 * Answering keeps a miner informed and costs the server nothing, where delaying would hold its lines in
 * memory and make every later answer (and share) late. A client that keeps going gets disconnected by
 * {@link #maxStrikes()}.
 *
 * @param maxLineBytes longest accepted line, without its newline; a longer one is answered with -32600 and the
 *     connection closed (the peer is not speaking line-delimited JSON-RPC)
 * @param maxConnections open connections in total; excess connections are closed at once
 * @param maxConnectionsPerAddress open connections from one remote IP address; excess closed at once
 * @param idleTimeout a connection that sends nothing for this long is closed; {@link Duration#ZERO} disables
 * @param requestsPerSecond per-connection token bucket refill rate; 0 disables
 * @param requestBurst per-connection bucket size (requests a client may send at once)
 * @param globalRequestsPerSecond server-wide bucket refill rate; 0 disables
 * @param globalRequestBurst server-wide bucket size
 * @param maxOutboundBytes bytes queued to one client before it counts as too slow and is closed
 * @param maxStrikes consecutive bad lines (not JSON, not a request, over the rate) before the connection is
 *     closed; any accepted request resets the count
 */
public record JsonRpcLimits(
        int maxLineBytes,
        int maxConnections,
        int maxConnectionsPerAddress,
        Duration idleTimeout,
        double requestsPerSecond,
        int requestBurst,
        double globalRequestsPerSecond,
        int globalRequestBurst,
        int maxOutboundBytes,
        int maxStrikes) {

    /** Stratum lines are well under 1 KiB; 16 KiB leaves room for extended notify payloads. */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** Enough for a small farm behind one NAT address. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 16;
    /** Miners submit or send keepalived well within five minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(300);
    public static final double DEFAULT_REQUESTS_PER_SECOND = 50;
    public static final int DEFAULT_REQUEST_BURST = 100;
    public static final double DEFAULT_GLOBAL_REQUESTS_PER_SECOND = 5000;
    public static final int DEFAULT_GLOBAL_REQUEST_BURST = 10_000;
    public static final int DEFAULT_MAX_OUTBOUND_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_STRIKES = 10;

    /** Every limit at its default. */
    public static final JsonRpcLimits DEFAULTS = new JsonRpcLimits(DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_CONNECTIONS,
            DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_IDLE_TIMEOUT, DEFAULT_REQUESTS_PER_SECOND,
            DEFAULT_REQUEST_BURST, DEFAULT_GLOBAL_REQUESTS_PER_SECOND, DEFAULT_GLOBAL_REQUEST_BURST,
            DEFAULT_MAX_OUTBOUND_BYTES, DEFAULT_MAX_STRIKES);

    public JsonRpcLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        atLeast("maxLineBytes", maxLineBytes, 64);
        atLeast("maxConnections", maxConnections, 1);
        atLeast("maxConnectionsPerAddress", maxConnectionsPerAddress, 1);
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must be >= 0, was " + idleTimeout);
        }
        rate("requestsPerSecond", requestsPerSecond);
        atLeast("requestBurst", requestBurst, 1);
        rate("globalRequestsPerSecond", globalRequestsPerSecond);
        atLeast("globalRequestBurst", globalRequestBurst, 1);
        atLeast("maxOutboundBytes", maxOutboundBytes, maxLineBytes);
        atLeast("maxStrikes", maxStrikes, 1);
    }

    /** The per-connection (per-peer, over HTTP) rate as a {@link RateLimit}; {@link RateLimit#OFF} when 0. */
    public RateLimit rate() {
        return requestsPerSecond == 0 ? RateLimit.OFF : new RateLimit(requestsPerSecond, requestBurst);
    }

    /** The server-wide rate as a {@link RateLimit}; {@link RateLimit#OFF} when 0. */
    public RateLimit globalRate() {
        return globalRequestsPerSecond == 0 ? RateLimit.OFF : new RateLimit(globalRequestsPerSecond,
                globalRequestBurst);
    }

    public JsonRpcLimits withMaxLineBytes(int bytes) {
        return new JsonRpcLimits(bytes, maxConnections, maxConnectionsPerAddress, idleTimeout, requestsPerSecond,
                requestBurst, globalRequestsPerSecond, globalRequestBurst, Math.max(bytes, maxOutboundBytes),
                maxStrikes);
    }

    public JsonRpcLimits withMaxConnections(int total, int perAddress) {
        return new JsonRpcLimits(maxLineBytes, total, perAddress, idleTimeout, requestsPerSecond, requestBurst,
                globalRequestsPerSecond, globalRequestBurst, maxOutboundBytes, maxStrikes);
    }

    public JsonRpcLimits withIdleTimeout(Duration timeout) {
        return new JsonRpcLimits(maxLineBytes, maxConnections, maxConnectionsPerAddress, timeout, requestsPerSecond,
                requestBurst, globalRequestsPerSecond, globalRequestBurst, maxOutboundBytes, maxStrikes);
    }

    public JsonRpcLimits withRate(double perSecond, int burst) {
        return new JsonRpcLimits(maxLineBytes, maxConnections, maxConnectionsPerAddress, idleTimeout, perSecond,
                burst, globalRequestsPerSecond, globalRequestBurst, maxOutboundBytes, maxStrikes);
    }

    public JsonRpcLimits withGlobalRate(double perSecond, int burst) {
        return new JsonRpcLimits(maxLineBytes, maxConnections, maxConnectionsPerAddress, idleTimeout,
                requestsPerSecond, requestBurst, perSecond, burst, maxOutboundBytes, maxStrikes);
    }

    public JsonRpcLimits withMaxOutboundBytes(int bytes) {
        return new JsonRpcLimits(maxLineBytes, maxConnections, maxConnectionsPerAddress, idleTimeout,
                requestsPerSecond, requestBurst, globalRequestsPerSecond, globalRequestBurst, bytes, maxStrikes);
    }

    public JsonRpcLimits withMaxStrikes(int strikes) {
        return new JsonRpcLimits(maxLineBytes, maxConnections, maxConnectionsPerAddress, idleTimeout,
                requestsPerSecond, requestBurst, globalRequestsPerSecond, globalRequestBurst, maxOutboundBytes,
                strikes);
    }

    private static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
        }
    }

    private static void rate(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0 (0 disables), was " + value);
        }
    }
}
