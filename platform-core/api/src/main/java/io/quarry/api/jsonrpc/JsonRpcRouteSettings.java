package io.quarry.api.jsonrpc;

import io.quarry.api.http.Http;
import io.quarry.api.limit.RateLimiter;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One JSON-RPC endpoint on the node's HTTP port, served over HTTP POST or WebSocket (see
 * {@link JsonRpcServers#serveHttp} and {@link JsonRpcServers#serveWebSocket}).
 *
 * <p>Of the {@link JsonRpcLimits}, these apply: {@link JsonRpcLimits#maxLineBytes()} is the largest request body
 * (HTTP) or message (WebSocket); the per-connection rate is the rate of each peer address; the global rate is
 * the route's; {@link JsonRpcLimits#maxStrikes()} counts bad WebSocket messages in a row. Connection counts, idle
 * timeouts and send buffers are those of the node's HTTP server ({@code [http]} in the config).
 *
 * @param name short name for metrics tags, logs and session ids ({@code "rpc"}); letters, digits, {@code . _ -}
 * @param path where it is served, relative to the plugin's prefix ({@code "rpc"} serves
 *     {@code /api/v1/<plugin-id>/rpc})
 * @param access who may call it; {@link Http.Access#TOKEN} needs the node's API token
 * @param dialect how answers and notifications are written
 * @param limits body or message size, rates and strikes as described above
 * @param rateLimiter when present, takes the place of the rates in {@code limits}: pass one instance to several
 *     routes (and to a Stratum server's handler) so a peer has one budget across every protocol
 */
public record JsonRpcRouteSettings(String name, String path, Http.Access access, JsonRpcDialect dialect,
                                   JsonRpcLimits limits, Optional<RateLimiter> rateLimiter) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public JsonRpcRouteSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(rateLimiter, "rateLimiter");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("route name must be 1-64 of letters, digits, '.', '_', '-'"
                    + " starting with a letter or digit, was '" + name + "'");
        }
    }

    /** JSON-RPC 2.0, {@link JsonRpcLimits#DEFAULTS}, the API token required, rates from the limits. */
    public static JsonRpcRouteSettings of(String name, String path) {
        return new JsonRpcRouteSettings(name, path, Http.Access.TOKEN, JsonRpcDialect.JSON_RPC_2,
                JsonRpcLimits.DEFAULTS, Optional.empty());
    }

    public JsonRpcRouteSettings withAccess(Http.Access newAccess) {
        return new JsonRpcRouteSettings(name, path, newAccess, dialect, limits, rateLimiter);
    }

    public JsonRpcRouteSettings withLimits(JsonRpcLimits newLimits) {
        return new JsonRpcRouteSettings(name, path, access, dialect, newLimits, rateLimiter);
    }

    public JsonRpcRouteSettings withRateLimiter(RateLimiter shared) {
        return new JsonRpcRouteSettings(name, path, access, dialect, limits, Optional.of(shared));
    }
}
