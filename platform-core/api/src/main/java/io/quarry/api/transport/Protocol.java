package io.quarry.api.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * A versioned message protocol between nodes ({@code "fleet/control/1"}).
 *
 * @param id the protocol id: {@code <family>/<name>/<version>}
 * @param requestType the request record type
 * @param responseType the response record type
 * @param maxMessageBytes the largest encoded message either side accepts; larger ones cut the peer off
 * @param maxConcurrent requests handled at once per node; callers beyond it wait (backpressure)
 * @param timeout how long a caller waits for a response
 * @param <Q> request type
 * @param <R> response type
 */
public record Protocol<Q, R>(
        String id, Class<Q> requestType, Class<R> responseType, int maxMessageBytes, int maxConcurrent, Duration timeout) {

    public Protocol {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9-]+(/[a-z0-9-]+)*/[0-9]+")) {
            throw new IllegalArgumentException("protocol id must look like 'family/name/1', was '" + id + "'");
        }
        if (maxMessageBytes <= 0 || maxConcurrent <= 0) {
            throw new IllegalArgumentException("maxMessageBytes and maxConcurrent must be positive");
        }
        Objects.requireNonNull(timeout, "timeout");
    }
}
