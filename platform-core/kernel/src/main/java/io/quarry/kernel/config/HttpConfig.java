package io.quarry.kernel.config;

import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.Range;
import java.util.Objects;

/**
 * The {@code [http]} table: the node's one HTTP port (health, metrics, API, WebSockets, dashboard).
 *
 * @param listen host:port to bind; loopback by default so nothing is exposed until the operator says so
 * @param maxBodyBytes the largest request body accepted
 * @param maxWsMessageBytes the largest WebSocket message accepted
 * @param tokenOnLoopback whether mutating routes need the API token from loopback clients too; false lets
 *     local clients call them without one
 */
public record HttpConfig(String listen, @Range(min = 1024) long maxBodyBytes, @Range(min = 1024) int maxWsMessageBytes,
        boolean tokenOnLoopback) {

    /** The table's name in {@code quarry.toml}. */
    public static final String SECTION = "http";
    /** Loopback only. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:8080";
    /** 1 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** 64 KiB. */
    public static final int DEFAULT_MAX_WS_MESSAGE_BYTES = 65536;
    /** Mutating routes need the token even from loopback. */
    public static final boolean DEFAULT_TOKEN_ON_LOOPBACK = true;

    /** The table's shape and defaults. */
    public static final ConfigSpec<HttpConfig> SPEC = ConfigSpec.of(HttpConfig.class, new HttpConfig(DEFAULT_LISTEN,
            DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_WS_MESSAGE_BYTES, DEFAULT_TOKEN_ON_LOOPBACK));

    public HttpConfig {
        Objects.requireNonNull(listen, "listen");
        HostPort.parse("http.listen", listen);
    }
}
