package io.quarry.kernel;

import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Protocol;
import io.quarry.api.transport.RequestHandler;
import io.quarry.api.transport.Transport;
import io.quarry.api.transport.TransportException;
import java.util.concurrent.CompletableFuture;

/**
 * The transport until the kernel's P2P layer lands (issue #3): every call fails loudly, so no plugin can
 * believe it reached a peer.
 */
final class UnavailableTransport implements Transport {

    private static final String REASON = "node-to-node transport is not built yet (kernel transport issue #3)";

    @Override
    public <Q, R> void register(Protocol<Q, R> protocol, RequestHandler<Q, R> handler) {
        throw new TransportException(REASON + "; cannot register " + protocol.id());
    }

    @Override
    public <Q, R> CompletableFuture<R> request(PeerAddress peer, Protocol<Q, R> protocol, Q request) {
        return CompletableFuture.failedFuture(new TransportException(REASON));
    }
}
