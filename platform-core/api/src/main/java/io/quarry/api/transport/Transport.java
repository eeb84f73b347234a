package io.quarry.api.transport;

import java.util.concurrent.CompletableFuture;

/**
 * Authenticated, encrypted messaging between Quarry nodes. Every connection is mutually authenticated by the
 * nodes' Ed25519 identity keys; handlers always learn the verified id of the peer that called them. One
 * connection per peer pair carries every protocol both sides registered.
 */
public interface Transport {

    /** Registers a handler for {@code protocol}; call from {@code init}. */
    <Q, R> void register(Protocol<Q, R> protocol, RequestHandler<Q, R> handler);

    /**
     * Sends {@code request} to {@code peer} and completes with its response, or exceptionally with a
     * {@link TransportException} (unreachable, wrong node id, timeout, the peer's handler failed).
     */
    <Q, R> CompletableFuture<R> request(PeerAddress peer, Protocol<Q, R> protocol, Q request);
}
