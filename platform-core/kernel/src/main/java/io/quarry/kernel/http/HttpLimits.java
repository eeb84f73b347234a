package io.quarry.kernel.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How much one HTTP server accepts: body and WebSocket message sizes, how long a connection may stay silent,
 * and how many connections may be open at once, in all and from one address.
 *
 * @param maxBodyBytes the largest request body accepted ({@code http.max_body_bytes}); larger gets 413
 * @param maxWsMessageBytes the largest WebSocket message accepted ({@code http.max_ws_message_bytes})
 * @param idleTimeout a connection that sends nothing for this long is closed, as is one that takes no chunk of a
 *     streamed response for this long; a WebSocket is first pinged
 *     and closed only if it stays silent for as long again ({@code http.idle_timeout_secs})
 * @param maxConnections connections open at once ({@code http.max_connections})
 * @param maxConnectionsPerIp connections open at once from one remote address
 *     ({@code http.max_connections_per_ip})
 * @param headerTimeout a request's line and headers must have arrived this long after its first byte (for a
 *     connection's first request: after it opened), else 408 and close ({@code http.header_timeout_secs})
 * @param requestTimeout a whole request, body included, must have arrived this long after its first byte
 *     ({@code http.request_timeout_secs})
 * @param minBodyBytesPerSecond once the headers are in and {@code headerTimeout} has passed again, the body
 *     bytes of the last {@code headerTimeout} must average at least this many a second; 0 turns the check off
 *     ({@code http.min_body_bytes_per_sec})
 * @param maxBufferedBodyBytes request body bytes all connections together may hold while bodies arrive; a
 *     request that would go over gets 503 and its connection is closed ({@code http.max_buffered_body_bytes})
 */
public record HttpLimits(long maxBodyBytes, int maxWsMessageBytes, Duration idleTimeout, int maxConnections,
                         int maxConnectionsPerIp, Duration headerTimeout, Duration requestTimeout,
                         long minBodyBytesPerSecond, long maxBufferedBodyBytes) {

    /** Default {@link #headerTimeout()}. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@link #requestTimeout()}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Default {@link #minBodyBytesPerSecond()}: a slow mobile link still manages far more. */
    public static final long DEFAULT_MIN_BODY_BYTES_PER_SECOND = 1024;
    /** Default {@link #maxBufferedBodyBytes()}: 64 MiB. */
    public static final long DEFAULT_MAX_BUFFERED_BODY_BYTES = 64L * 1024 * 1024;

    /** The defaults of {@code [http]}, for servers made outside the node (tests, tools). */
    public static final HttpLimits DEFAULTS = new HttpLimits(1024 * 1024, 65536, Duration.ofSeconds(60), 1024, 256);

    /** Limits with the default deadlines, body rate and body budget. */
    public HttpLimits(long maxBodyBytes, int maxWsMessageBytes, Duration idleTimeout, int maxConnections,
                      int maxConnectionsPerIp) {
        this(maxBodyBytes, maxWsMessageBytes, idleTimeout, maxConnections, maxConnectionsPerIp,
                DEFAULT_HEADER_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MIN_BODY_BYTES_PER_SECOND,
                DEFAULT_MAX_BUFFERED_BODY_BYTES);
    }

    public HttpLimits {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("http.max_body_bytes must be >= 1, was " + maxBodyBytes);
        }
        if (maxWsMessageBytes < 1) {
            throw new IllegalArgumentException("http.max_ws_message_bytes must be >= 1, was " + maxWsMessageBytes);
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("http.idle_timeout_secs must be > 0, was " + idleTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("http.max_connections must be >= 1, was " + maxConnections);
        }
        if (maxConnectionsPerIp < 1) {
            throw new IllegalArgumentException("http.max_connections_per_ip must be >= 1, was "
                    + maxConnectionsPerIp);
        }
        positive("http.header_timeout_secs", headerTimeout);
        positive("http.request_timeout_secs", requestTimeout);
        if (minBodyBytesPerSecond < 0) {
            throw new IllegalArgumentException("http.min_body_bytes_per_sec must be >= 0, was "
                    + minBodyBytesPerSecond);
        }
        if (maxBufferedBodyBytes < 1) {
            throw new IllegalArgumentException("http.max_buffered_body_bytes must be >= 1, was "
                    + maxBufferedBodyBytes);
        }
    }

    private static void positive(String key, Duration value) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be > 0, was " + value);
        }
    }

    /** These limits with other body and message sizes. */
    public HttpLimits withSizes(long bodyBytes, int wsMessageBytes) {
        return new HttpLimits(bodyBytes, wsMessageBytes, idleTimeout, maxConnections, maxConnectionsPerIp,
                headerTimeout, requestTimeout, minBodyBytesPerSecond, maxBufferedBodyBytes);
    }

    /** These limits with another idle timeout. */
    public HttpLimits withIdleTimeout(Duration timeout) {
        return new HttpLimits(maxBodyBytes, maxWsMessageBytes, timeout, maxConnections, maxConnectionsPerIp,
                headerTimeout, requestTimeout, minBodyBytesPerSecond, maxBufferedBodyBytes);
    }

    /** These limits with other connection counts. */
    public HttpLimits withConnections(int total, int perIp) {
        return new HttpLimits(maxBodyBytes, maxWsMessageBytes, idleTimeout, total, perIp,
                headerTimeout, requestTimeout, minBodyBytesPerSecond, maxBufferedBodyBytes);
    }

    /** These limits with other request deadlines and minimum body rate. */
    public HttpLimits withDeadlines(Duration header, Duration request, long minBytesPerSecond) {
        return new HttpLimits(maxBodyBytes, maxWsMessageBytes, idleTimeout, maxConnections, maxConnectionsPerIp,
                header, request, minBytesPerSecond, maxBufferedBodyBytes);
    }

    /** These limits with another node-wide budget for request bodies being received. */
    public HttpLimits withBodyBudget(long bytes) {
        return new HttpLimits(maxBodyBytes, maxWsMessageBytes, idleTimeout, maxConnections, maxConnectionsPerIp,
                headerTimeout, requestTimeout, minBodyBytesPerSecond, bytes);
    }
}
