package io.quarry.kernel.config;

import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.HostPort;
import io.quarry.api.config.Range;
import io.quarry.kernel.http.HttpLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code [http]} table: the node's one HTTP port (health, metrics, API, WebSockets, dashboard).
 *
 * @param listen host:port to bind; loopback by default so nothing is exposed until the operator says so
 * @param maxBodyBytes the largest request body accepted
 * @param maxWsMessageBytes the largest WebSocket message accepted
 * @param tokenOnLoopback whether mutating routes need the API token from loopback clients too; false lets
 *     local clients call them without one
 * @param idleTimeoutSecs a connection that sends nothing for this long is closed (a WebSocket is pinged first
 *     and closed after as long again without an answer)
 * @param maxConnections connections open at once, from everyone
 * @param maxConnectionsPerIp connections open at once from one address
 * @param headerTimeoutSecs a request's line and headers must arrive this soon after its first byte
 * @param requestTimeoutSecs a whole request must arrive this soon after its first byte
 * @param minBodyBytesPerSec the slowest average body rate accepted once the header timeout has passed again
 *     since the headers; 0 turns the check off
 * @param maxBufferedBodyBytes request body bytes all connections together may hold while bodies arrive
 */
public record HttpConfig(HostPort listen, @Range(min = 1024) long maxBodyBytes, @Range(min = 1024) int maxWsMessageBytes,
        boolean tokenOnLoopback, @Range(min = 1, max = 86_400) int idleTimeoutSecs,
        @Range(min = 1, max = 1_000_000) int maxConnections, @Range(min = 1, max = 1_000_000) int maxConnectionsPerIp,
        @Range(min = 1, max = 3600) int headerTimeoutSecs, @Range(min = 1, max = 86_400) int requestTimeoutSecs,
        @Range(min = 0) long minBodyBytesPerSec, @Range(min = 1024) long maxBufferedBodyBytes) {

    /** The table's name in {@code quarry.toml}. */
    public static final String SECTION = "http";
    /** Loopback only. */
    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 8080);
    /** 1 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** 64 KiB. */
    public static final int DEFAULT_MAX_WS_MESSAGE_BYTES = 65536;
    /** Mutating routes need the token even from loopback. */
    public static final boolean DEFAULT_TOKEN_ON_LOOPBACK = true;
    /** One minute. */
    public static final int DEFAULT_IDLE_TIMEOUT_SECS = 60;
    /** Plenty for dashboards, API clients and WebSocket miners; bounds what a flood can hold open. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** One address may hold a quarter of the connections. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 256;
    /** Ten seconds for a request line and headers. */
    public static final int DEFAULT_HEADER_TIMEOUT_SECS = 10;
    /** One minute for a whole request. */
    public static final int DEFAULT_REQUEST_TIMEOUT_SECS = 60;
    /** 1 KiB/s. */
    public static final long DEFAULT_MIN_BODY_BYTES_PER_SEC = 1024;
    /** 64 MiB. */
    public static final long DEFAULT_MAX_BUFFERED_BODY_BYTES = 64L * 1024 * 1024;

    /** The table's shape and defaults. */
    public static final ConfigSpec<HttpConfig> SPEC = ConfigSpec.of(HttpConfig.class, new HttpConfig(DEFAULT_LISTEN,
            DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_WS_MESSAGE_BYTES, DEFAULT_TOKEN_ON_LOOPBACK, DEFAULT_IDLE_TIMEOUT_SECS,
            DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_IP, DEFAULT_HEADER_TIMEOUT_SECS,
            DEFAULT_REQUEST_TIMEOUT_SECS, DEFAULT_MIN_BODY_BYTES_PER_SEC, DEFAULT_MAX_BUFFERED_BODY_BYTES));

    public HttpConfig {
        Objects.requireNonNull(listen, "listen");
    }

    /** The server limits these settings name. */
    public HttpLimits limits() {
        return new HttpLimits(maxBodyBytes, maxWsMessageBytes, Duration.ofSeconds(idleTimeoutSecs), maxConnections,
                maxConnectionsPerIp, Duration.ofSeconds(headerTimeoutSecs), Duration.ofSeconds(requestTimeoutSecs),
                minBodyBytesPerSec, maxBufferedBodyBytes);
    }
}
