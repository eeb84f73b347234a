package io.quarry.api.transport;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Authenticated, encrypted messaging between Quarry nodes (TLS 1.3, mutual authentication by the nodes'
 * Ed25519 identity keys).
 *
 * <p><b>Peers.</b> A caller names the node it means to reach in a {@link PeerAddress}; the connection fails
 * with a {@link TransportException} ("expected node X but the peer at host:port is Y") when the peer's key
 * differs. Handlers always receive the verified id of the calling node. One connection per peer pair carries
 * every protocol; it is opened on first use, reused, closed after an idle period and reopened on demand,
 * with exponential backoff after failed attempts (calls during the backoff fail at once).
 *
 * <p><b>Protocols.</b> A node serves the protocols it registered: once per protocol id, with exactly one
 * kind of handler (request, upload or download). Registration may happen before or after the transport
 * starts; connected peers learn of it at once. A call for a protocol the peer does not serve fails at once.
 *
 * <p><b>Futures.</b> Every future completes exceptionally only with a {@link TransportException}, and never
 * on a network thread, so dependent stages may block. Methods may block the calling thread while the
 * protocol's concurrency limit towards that peer is reached (backpressure), at most the protocol's timeout.
 */
public interface Transport {

    /**
     * Serves {@code protocol} with {@code handler} on the kernel's virtual threads; call from {@code init}.
     *
     * @throws IllegalStateException if the protocol id is already registered
     * @throws IllegalArgumentException if the protocol's message limit exceeds the transport's frame limit
     */
    <Q, R> void register(Protocol<Q, R> protocol, RequestHandler<Q, R> handler);

    /** As {@link #register(Protocol, RequestHandler)}, with the handler run on {@code executor}. */
    <Q, R> void register(Protocol<Q, R> protocol, RequestHandler<Q, R> handler, Executor executor);

    /** Serves uploads of {@code protocol}: a header message then a streamed body. */
    <Q, R> void registerUpload(Protocol<Q, R> protocol, UploadHandler<Q, R> handler);

    /** Serves downloads of {@code protocol}: a request message answered by a streamed body. */
    <Q> void registerDownload(Protocol<Q, ?> protocol, DownloadHandler<Q> handler);

    /**
     * Sends {@code request} to {@code peer} and completes with its response, or exceptionally with a
     * {@link TransportException} (unreachable, wrong node id, protocol not served, message too large, busy,
     * timeout, the peer's handler failed).
     */
    <Q, R> CompletableFuture<R> request(PeerAddress peer, Protocol<Q, R> protocol, Q request);

    /**
     * Sends a one-way message: completes once it is written to the connection. The peer runs its handler
     * and sends nothing back; a peer at its concurrency limit drops the message (and counts it).
     */
    <Q> CompletableFuture<Void> send(PeerAddress peer, Protocol<Q, ?> protocol, Q message);

    /**
     * Streams {@code body} to {@code peer} after {@code header} and completes with the peer's response. The
     * body is read on a transport thread in chunks, only as fast as the peer consumes it, and closed when
     * done. A failure to read it cancels the upload.
     */
    <Q, R> CompletableFuture<R> upload(PeerAddress peer, Protocol<Q, R> protocol, Q header, InputStream body);

    /**
     * Asks {@code peer} for a streamed body and completes with it once the peer starts sending. Reading the
     * stream blocks until more arrives; it throws an {@link java.io.IOException} if the peer fails,
     * disconnects or stalls for the read timeout. Close it to cancel; an unclosed stream holds one of the
     * protocol's concurrency slots.
     */
    <Q> CompletableFuture<InputStream> download(PeerAddress peer, Protocol<Q, ?> protocol, Q request);

    /**
     * The address this node accepts peers on (the real port when port 0 was configured), for plugins that
     * advertise it to other nodes themselves (discovery beacons). Empty before the node listens, which it does
     * before any plugin's {@code start}.
     */
    default Optional<InetSocketAddress> boundAddress() {
        return Optional.empty();
    }
}
