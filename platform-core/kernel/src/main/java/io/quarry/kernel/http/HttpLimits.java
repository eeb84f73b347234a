package io.quarry.kernel.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How much one HTTP server accepts: body and WebSocket message sizes, how long a connection may stay silent,
 * and how many connections may be open at once, in all and from one address.
 *
 * @param maxBodyBytes the largest request body accepted ({@code http.max_body_bytes}); larger gets 413
 * @param maxWsMessageBytes the largest WebSocket message accepted ({@code http.max_ws_message_bytes})
 * @param idleTimeout a connection that sends nothing for this long is closed; a WebSocket is first pinged
 *     and closed only if it stays silent for as long again ({@code http.idle_timeout_secs})
 * @param maxConnections connections open at once ({@code http.max_connections})
 * @param maxConnectionsPerIp connections open at once from one remote address
 *     ({@code http.max_connections_per_ip})
 */
public record HttpLimits(long maxBodyBytes, int maxWsMessageBytes, Duration idleTimeout, int maxConnections,
                         int maxConnectionsPerIp) {

    /** The defaults of {@code [http]}, for servers made outside the node (tests, tools). */
    public static final HttpLimits DEFAULTS = new HttpLimits(1024 * 1024, 65536, Duration.ofSeconds(60), 1024, 256);

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
    }

    /** These limits with other body and message sizes. */
    public HttpLimits withSizes(long bodyBytes, int wsMessageBytes) {
        return new HttpLimits(bodyBytes, wsMessageBytes, idleTimeout, maxConnections, maxConnectionsPerIp);
    }

    /** These limits with another idle timeout. */
    public HttpLimits withIdleTimeout(Duration timeout) {
        return new HttpLimits(maxBodyBytes, maxWsMessageBytes, timeout, maxConnections, maxConnectionsPerIp);
    }

    /** These limits with other connection counts. */
    public HttpLimits withConnections(int total, int perIp) {
        return new HttpLimits(maxBodyBytes, maxWsMessageBytes, idleTimeout, total, perIp);
    }
}
