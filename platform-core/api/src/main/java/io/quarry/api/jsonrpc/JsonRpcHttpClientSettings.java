package io.quarry.api.jsonrpc;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link JsonRpcHttpClient} posts and what it accepts.
 *
 * @param uri the endpoint ({@code http://127.0.0.1:8080/api/v1/poies-miner/rpc}); http or https
 * @param bearerToken sent as {@code Authorization: Bearer <token>} when present (the node's API token)
 * @param connectTimeout TCP connect (and TLS handshake)
 * @param requestTimeout one call from sending to the whole answer
 * @param maxAnswerBytes longest answer body read; a longer one fails the call
 */
public record JsonRpcHttpClientSettings(URI uri, Optional<String> bearerToken, Duration connectTimeout,
                                        Duration requestTimeout, int maxAnswerBytes) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Room for a block with its proofs; most answers are well under 1 KiB. */
    public static final int DEFAULT_MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    public JsonRpcHttpClientSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(bearerToken, "bearerToken");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("JSON-RPC over HTTP needs an http:// or https:// URI, was " + uri);
        }
        positive("connectTimeout", connectTimeout);
        positive("requestTimeout", requestTimeout);
        if (maxAnswerBytes < 64) {
            throw new IllegalArgumentException("maxAnswerBytes must be >= 64, was " + maxAnswerBytes);
        }
    }

    /** No token, every other value at its default. */
    public static JsonRpcHttpClientSettings of(URI uri) {
        return new JsonRpcHttpClientSettings(uri, Optional.empty(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_MAX_ANSWER_BYTES);
    }

    public JsonRpcHttpClientSettings withBearerToken(Optional<String> token) {
        return new JsonRpcHttpClientSettings(uri, token, connectTimeout, requestTimeout, maxAnswerBytes);
    }

    public JsonRpcHttpClientSettings withTimeouts(Duration connect, Duration request) {
        return new JsonRpcHttpClientSettings(uri, bearerToken, connect, request, maxAnswerBytes);
    }

    public JsonRpcHttpClientSettings withMaxAnswerBytes(int bytes) {
        return new JsonRpcHttpClientSettings(uri, bearerToken, connectTimeout, requestTimeout, bytes);
    }

    static void positive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
    }
}
