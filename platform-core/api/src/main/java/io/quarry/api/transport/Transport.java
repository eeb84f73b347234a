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

    /**
     * Serves {@code protocol} with a handler that never blocks, run on the network thread that read the request
     * and answered from there: no hand-off to another thread on the way in or out, so a small request's round
     * trip costs two thread wake-ups fewer. For handlers that answer from memory in microseconds (a lookup, a
     * counter, an echo); a handler that blocks (I/O, locks held by others, waiting on a future, calling a peer)
     * stalls every connection served by that thread, so it belongs in {@link #register(Protocol, RequestHandler)},
     * which stays the default. Limits, errors and payload lifetimes are as there. A transport without network
     * threads of its own may run the handler anywhere, as this default does.
     *
     * @throws IllegalStateException if the protocol id is already registered
     * @throws IllegalArgumentException if the protocol's message limit exceeds the transport's frame limit
     */
    default <Q, R> void registerNonBlocking(Protocol<Q, R> protocol, RequestHandler<Q, R> handler) {
        register(protocol, handler);
    }

    /** Serves uploads of {@code protocol}: a header message then a streamed body. */
    <Q, R> void registerUpload(Protocol<Q, R> protocol, UploadHandler<Q, R> handler);

    /** Serves downloads of {@code protocol}: a request message answered by a streamed body. */
    <Q> void registerDownload(Protocol<Q, ?> protocol, DownloadHandler<Q> handler);

    /**
     * Sends {@code request} to {@code peer} and completes with its response, or exceptionally with a
     * {@link TransportException} (unreachable, wrong node id, protocol not served, message too large, busy,
     * timeout, the peer's handler failed). Cancelling the returned future abandons the call: the
     * peer is told to drop it and its concurrency slot is freed.
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
     * done. A failure to read it cancels the upload, and so does cancelling the returned future: the peer is told
     * to drop the call (its handler's body stream fails), the body stops being read and is closed, and the
     * call's concurrency slot is freed. A {@link java.io.FileInputStream} is read through its file
     * channel without passing through a heap array where the TLS engine takes direct memory; the same holds
     * for a download handler's stream.
     */
    <Q, R> CompletableFuture<R> upload(PeerAddress peer, Protocol<Q, R> protocol, Q header, InputStream body);

    /**
     * As {@link #upload(PeerAddress, Protocol, Object, InputStream)}, for a body already in memory (a shard, a
     * wrapped array or mapped file, a payload received from another peer): sent in stream frames straight from
     * the payload's bytes, without copying them and without a thread reading a stream. Do not change the bytes
     * until the returned future completes. However the call ends (a response before the whole body went out, a
     * timeout, a cancel), frames already queued on the connection may still read them for a moment after it
     * completes: do not free memory the payload wraps (an arena's segment) while the connection to the peer is open.
     * A payload received from a peer is held from the moment this is called. This default reads it as a stream.
     */
    default <Q, R> CompletableFuture<R> upload(PeerAddress peer, Protocol<Q, R> protocol, Q header, Payload body) {
        return upload(peer, protocol, header, body.heldInputStream());
    }

    /**
     * Asks {@code peer} for a streamed body and completes with it once the peer starts sending. Reading the
     * stream blocks until more arrives; it throws an {@link java.io.IOException} if the peer fails,
     * disconnects or stalls for the read timeout. Close it to cancel; an unclosed stream holds one of the
     * protocol's concurrency slots.
     */
    <Q> CompletableFuture<InputStream> download(PeerAddress peer, Protocol<Q, ?> protocol, Q request);

    /**
     * Where this node accepts peers (the real port when port 0 was configured), so a plugin can tell nodes that
     * must call back where to find it (a storage miner registering with its validator). Empty while the
     * transport does not listen.
     */
    default Optional<InetSocketAddress> localAddress() {
        return Optional.empty();
    }

    /**
     * Trust on first use: connects to {@code host:port} accepting whichever node proves its identity key in
     * the TLS handshake, and completes with that node's id. The caller pins the id (a {@link PeerAddress}) for
     * every later call, which then fails if another node answers there. The connection stays open for reuse.
     * Completes exceptionally with a {@link TransportException} when nothing answers, the handshake fails or
     * the address is this node's own. The default fails that way: a transport that cannot dial by address
     * (a test stand-in) need not implement it.
     */
    default CompletableFuture<String> identify(String host, int port) {
        return CompletableFuture.failedFuture(new TransportException("this transport cannot identify peers by address"));
    }
}
