package io.quarry.api.jsonrpc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One client: where it connects, how it writes, and its timeouts.
 *
 * @param name short name for metrics tags and logs ({@code "pool"})
 * @param endpoints servers in order of preference; at least one
 * @param dialect how requests are written (responses and notifications are read leniently)
 * @param trustAllCertificates accept any TLS certificate (pools with self-signed certificates); logged as a
 *     warning on every TLS connection. When false, the JDK's trust store and host name verification apply.
 * @param maxLineBytes longest line accepted from the server; a longer one drops the connection
 * @param connectTimeout TCP connect plus TLS handshake
 * @param requestTimeout default time to wait for an answer
 * @param initialBackoff wait after every endpoint failed once in a row; later rounds wait longer, with jitter
 * @param maxBackoff cap of that wait
 * @param idleTimeout a connection on which the server sends nothing for this long is dropped and re-made (a
 *     silently dead pool); {@link Duration#ZERO} disables
 * @param maxPendingRequests requests awaiting answers before new ones fail with {@code TOO_MANY_PENDING}
 */
public record JsonRpcClientSettings(String name, List<JsonRpcEndpoint> endpoints, JsonRpcDialect dialect,
                                    boolean trustAllCertificates, int maxLineBytes, Duration connectTimeout,
                                    Duration requestTimeout, Duration initialBackoff, Duration maxBackoff,
                                    Duration idleTimeout, int maxPendingRequests) {

    /** Pool messages are small; the limit only guards against a broken or hostile server. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(60);
    /** Monero pools send a job at least every block (about two minutes) and answer keepalived. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_PENDING_REQUESTS = 1024;

    public JsonRpcClientSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dialect, "dialect");
        endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("JSON-RPC client " + name + " needs at least one endpoint");
        }
        if (maxLineBytes < 64) {
            throw new IllegalArgumentException("maxLineBytes must be >= 64, was " + maxLineBytes);
        }
        positive("connectTimeout", connectTimeout);
        positive("requestTimeout", requestTimeout);
        positive("initialBackoff", initialBackoff);
        positive("maxBackoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must be >= initialBackoff ("
                    + initialBackoff + ")");
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must be >= 0, was " + idleTimeout);
        }
        if (maxPendingRequests < 1) {
            throw new IllegalArgumentException("maxPendingRequests must be >= 1, was " + maxPendingRequests);
        }
    }

    /** JSON-RPC 2.0, JDK trust, every other value at its default. */
    public static JsonRpcClientSettings of(String name, List<JsonRpcEndpoint> endpoints) {
        return new JsonRpcClientSettings(name, endpoints, JsonRpcDialect.JSON_RPC_2, false, DEFAULT_MAX_LINE_BYTES,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_PENDING_REQUESTS);
    }

    public JsonRpcClientSettings withDialect(JsonRpcDialect newDialect) {
        return new JsonRpcClientSettings(name, endpoints, newDialect, trustAllCertificates, maxLineBytes,
                connectTimeout, requestTimeout, initialBackoff, maxBackoff, idleTimeout, maxPendingRequests);
    }

    public JsonRpcClientSettings withTrustAllCertificates(boolean trustAll) {
        return new JsonRpcClientSettings(name, endpoints, dialect, trustAll, maxLineBytes, connectTimeout,
                requestTimeout, initialBackoff, maxBackoff, idleTimeout, maxPendingRequests);
    }

    public JsonRpcClientSettings withMaxLineBytes(int bytes) {
        return new JsonRpcClientSettings(name, endpoints, dialect, trustAllCertificates, bytes, connectTimeout,
                requestTimeout, initialBackoff, maxBackoff, idleTimeout, maxPendingRequests);
    }

    public JsonRpcClientSettings withTimeouts(Duration connect, Duration request, Duration idle) {
        return new JsonRpcClientSettings(name, endpoints, dialect, trustAllCertificates, maxLineBytes, connect,
                request, initialBackoff, maxBackoff, idle, maxPendingRequests);
    }

    public JsonRpcClientSettings withBackoff(Duration initial, Duration max) {
        return new JsonRpcClientSettings(name, endpoints, dialect, trustAllCertificates, maxLineBytes,
                connectTimeout, requestTimeout, initial, max, idleTimeout, maxPendingRequests);
    }

    public JsonRpcClientSettings withMaxPendingRequests(int max) {
        return new JsonRpcClientSettings(name, endpoints, dialect, trustAllCertificates, maxLineBytes,
                connectTimeout, requestTimeout, initialBackoff, maxBackoff, idleTimeout, max);
    }

    private static void positive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
    }
}
