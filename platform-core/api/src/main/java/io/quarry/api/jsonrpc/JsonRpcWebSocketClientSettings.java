package io.quarry.api.jsonrpc;

import io.quarry.api.retry.BackoffPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link JsonRpcWebSocketClient} connects, what it accepts and how it reconnects.
 *
 * @param name short name for logs and thread names ({@code "getwork"})
 * @param uri the endpoint ({@code ws://127.0.0.1:8080/api/v1/poies-miner/ws}); ws or wss
 * @param bearerToken sent as {@code Authorization: Bearer <token>} on the upgrade when present
 * @param connectTimeout TCP connect, TLS and the upgrade
 * @param requestTimeout default time to wait for an answer
 * @param maxMessageBytes longest message accepted from the server; a longer one drops the connection
 * @param maxPendingRequests requests awaiting answers before new ones fail with {@code TOO_MANY_PENDING}
 * @param reconnect waits between connection attempts; reset once a connection is up
 */
public record JsonRpcWebSocketClientSettings(String name, URI uri, Optional<String> bearerToken,
                                             Duration connectTimeout, Duration requestTimeout, int maxMessageBytes,
                                             int maxPendingRequests, BackoffPolicy reconnect) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** A template or job is a few KiB; the limit only guards against a broken or hostile server. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_PENDING_REQUESTS = 1024;

    public JsonRpcWebSocketClientSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(bearerToken, "bearerToken");
        Objects.requireNonNull(reconnect, "reconnect");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("JSON-RPC over WebSocket needs a ws:// or wss:// URI, was " + uri);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("WebSocket URI " + uri + " has no host");
        }
        JsonRpcHttpClientSettings.positive("connectTimeout", connectTimeout);
        JsonRpcHttpClientSettings.positive("requestTimeout", requestTimeout);
        if (maxMessageBytes < 64) {
            throw new IllegalArgumentException("maxMessageBytes must be >= 64, was " + maxMessageBytes);
        }
        if (maxPendingRequests < 1) {
            throw new IllegalArgumentException("maxPendingRequests must be >= 1, was " + maxPendingRequests);
        }
    }

    /** No token, {@link BackoffPolicy#DEFAULT}, every other value at its default. */
    public static JsonRpcWebSocketClientSettings of(String name, URI uri) {
        return new JsonRpcWebSocketClientSettings(name, uri, Optional.empty(), DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_PENDING_REQUESTS, BackoffPolicy.DEFAULT);
    }

    public JsonRpcWebSocketClientSettings withBearerToken(Optional<String> token) {
        return new JsonRpcWebSocketClientSettings(name, uri, token, connectTimeout, requestTimeout, maxMessageBytes,
                maxPendingRequests, reconnect);
    }

    public JsonRpcWebSocketClientSettings withTimeouts(Duration connect, Duration request) {
        return new JsonRpcWebSocketClientSettings(name, uri, bearerToken, connect, request, maxMessageBytes,
                maxPendingRequests, reconnect);
    }

    public JsonRpcWebSocketClientSettings withMaxMessageBytes(int bytes) {
        return new JsonRpcWebSocketClientSettings(name, uri, bearerToken, connectTimeout, requestTimeout, bytes,
                maxPendingRequests, reconnect);
    }

    public JsonRpcWebSocketClientSettings withReconnect(BackoffPolicy policy) {
        return new JsonRpcWebSocketClientSettings(name, uri, bearerToken, connectTimeout, requestTimeout,
                maxMessageBytes, maxPendingRequests, policy);
    }

    /** The endpoint as {@link JsonRpcClient#connectedEndpoint()} reports it. */
    JsonRpcEndpoint endpoint() {
        boolean tls = uri.getScheme().equalsIgnoreCase("wss");
        return new JsonRpcEndpoint(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80, tls);
    }
}
