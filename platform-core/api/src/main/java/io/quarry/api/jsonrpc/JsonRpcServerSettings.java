package io.quarry.api.jsonrpc;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One line server: where it listens, how it writes, and what it tolerates.
 *
 * @param name short name for metrics tags, logs and session ids ({@code "stratum"}); letters, digits,
 *     {@code . _ -}
 * @param host the address to bind ({@code "0.0.0.0"}, {@code "127.0.0.1"}, {@code "::"})
 * @param port the port; 0 picks a free one (see {@link JsonRpcServer#address()})
 * @param dialect how responses and notifications are written
 * @param tls TLS, or empty for plain TCP
 * @param limits line length, connection, idle, rate and buffer limits
 */
public record JsonRpcServerSettings(String name, String host, int port, JsonRpcDialect dialect,
                                    Optional<JsonRpcServerTls> tls, JsonRpcLimits limits) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** JSON-RPC 2.0 unless told otherwise; Stratum servers pick their dialect. */
    public static final JsonRpcDialect DEFAULT_DIALECT = JsonRpcDialect.JSON_RPC_2;

    public JsonRpcServerSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(limits, "limits");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("server name must be 1-64 of letters, digits, '.', '_', '-'"
                    + " starting with a letter or digit, was '" + name + "'");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("host of JSON-RPC server " + name + " must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port of JSON-RPC server " + name + " must be 0..65535, was " + port);
        }
    }

    /** Plain TCP, {@link #DEFAULT_DIALECT}, {@link JsonRpcLimits#DEFAULTS}. */
    public static JsonRpcServerSettings of(String name, String host, int port) {
        return new JsonRpcServerSettings(name, host, port, DEFAULT_DIALECT, Optional.empty(), JsonRpcLimits.DEFAULTS);
    }

    public JsonRpcServerSettings withDialect(JsonRpcDialect newDialect) {
        return new JsonRpcServerSettings(name, host, port, newDialect, tls, limits);
    }

    public JsonRpcServerSettings withTls(JsonRpcServerTls newTls) {
        return new JsonRpcServerSettings(name, host, port, dialect, Optional.of(newTls), limits);
    }

    public JsonRpcServerSettings withLimits(JsonRpcLimits newLimits) {
        return new JsonRpcServerSettings(name, host, port, dialect, tls, newLimits);
    }
}
