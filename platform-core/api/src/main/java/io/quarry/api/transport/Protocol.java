package io.quarry.api.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A versioned message protocol between nodes ({@code "fleet/control/1"}). Both ends use the same value: the
 * serving node registers it with a handler, the calling node passes it to {@link Transport#request},
 * {@link Transport#send}, {@link Transport#upload} or {@link Transport#download}. Messages are the given
 * record types, encoded as CBOR with Jackson.
 *
 * @param id the protocol id: lowercase {@code <family>/<name>/<version>}; a new wire shape takes a new version
 * @param requestType the request record type (the header of an upload or download)
 * @param responseType the response record type; {@code Void.class} for one-way and download protocols
 * @param maxMessageBytes the largest encoded request or response either side sends or accepts; a caller
 *     trying to send a larger one gets a {@link TransportException}, a peer sending one is cut off. Stream
 *     bodies are not messages and have no such limit.
 * @param maxConcurrent the most requests of this protocol a node handles at once (from all peers), and
 *     the most a node keeps in flight to one peer: callers beyond it wait, up to {@code timeout}
 * @param timeout how long a caller waits for a response (for uploads: after the last body byte was
 *     sent); {@link Duration#ZERO} means the transport's configured default
 * @param <Q> request type
 * @param <R> response type
 */
public record Protocol<Q, R>(
        String id, Class<Q> requestType, Class<R> responseType, int maxMessageBytes, int maxConcurrent, Duration timeout) {

    /** The message size limit {@link #of} uses: 1 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;
    /** The concurrency limit {@link #of} uses. */
    public static final int DEFAULT_MAX_CONCURRENT = 64;

    private static final Pattern ID = Pattern.compile("[a-z0-9-]+(/[a-z0-9-]+)*/[0-9]+");
    private static final int MAX_ID_LENGTH = 128;

    public Protocol {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(requestType, "requestType");
        Objects.requireNonNull(responseType, "responseType");
        Objects.requireNonNull(timeout, "timeout");
        if (id.length() > MAX_ID_LENGTH || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("protocol id must look like 'family/name/1' (at most "
                    + MAX_ID_LENGTH + " characters), was '" + id + "'");
        }
        if (maxMessageBytes <= 0 || maxConcurrent <= 0) {
            throw new IllegalArgumentException("protocol " + id + ": maxMessageBytes and maxConcurrent must be "
                    + "positive, were " + maxMessageBytes + " and " + maxConcurrent);
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("protocol " + id + ": timeout must not be negative, was " + timeout);
        }
    }

    /** A request/response protocol with the default limits and the transport's default timeout. */
    public static <Q, R> Protocol<Q, R> of(String id, Class<Q> requestType, Class<R> responseType) {
        return new Protocol<>(id, requestType, responseType, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_CONCURRENT,
                Duration.ZERO);
    }

    /** A protocol whose messages get no response: one-way messages, or downloads (the stream is the answer). */
    public static <Q> Protocol<Q, Void> oneWay(String id, Class<Q> messageType) {
        return of(id, messageType, Void.class);
    }

    /** This protocol with another message size limit. */
    public Protocol<Q, R> withMaxMessageBytes(int bytes) {
        return new Protocol<>(id, requestType, responseType, bytes, maxConcurrent, timeout);
    }

    /** This protocol with another concurrency limit. */
    public Protocol<Q, R> withMaxConcurrent(int requests) {
        return new Protocol<>(id, requestType, responseType, maxMessageBytes, requests, timeout);
    }

    /** This protocol with another response timeout. */
    public Protocol<Q, R> withTimeout(Duration value) {
        return new Protocol<>(id, requestType, responseType, maxMessageBytes, maxConcurrent, value);
    }
}
