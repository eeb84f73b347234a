package io.quarry.kernel.transport;

import io.quarry.api.transport.Protocol;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The caller side of per-protocol backpressure: at most {@code maxConcurrent} calls of one protocol in flight
 * to one peer node. A semaphore per (node, protocol) the caller has used; it survives reconnects, so calls
 * on a dying connection still count until they end.
 */
final class PeerLimits {

    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();

    Semaphore of(String nodeId, Protocol<?, ?> protocol) {
        return permits.computeIfAbsent(nodeId + ' ' + protocol.id(), key -> new Semaphore(protocol.maxConcurrent()));
    }
}
