package io.quarry.storage.wire;

import io.quarry.api.transport.DownloadHandler;
import io.quarry.api.transport.Payload;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Protocol;
import io.quarry.api.transport.RequestHandler;
import io.quarry.api.transport.Transport;
import io.quarry.api.transport.TransportException;
import io.quarry.api.transport.UploadHandler;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The node's transport with a short cut to itself: calls addressed to this node's own id run the handler this
 * node registered, in process, with the caller's id being this node's id (the kernel transport refuses to dial
 * itself). Everything else goes to the network transport unchanged. A node that is both the validator and a miner
 * of its storage cluster (the one-node dev cluster) reaches its own miner this way; every signature and sender
 * check still runs, the sender being the node itself.
 *
 * <p>A local call fails as a network one would: with a {@link TransportException} when nothing serves the protocol,
 * when the executor refuses the task, when the handler throws (anything, {@link Error}s included), or when it has
 * not answered within the protocol's {@link Protocol#timeout() timeout} ({@link #DEFAULT_TIMEOUT} for a protocol
 * that sets none; for an upload the bound covers the whole call, the handler reading the body included), so a
 * caller that waits without a bound of its own still gets an answer. An upload's body is
 * closed on every path, and a download stream that opens only after its call failed is closed.
 */
public final class InProcessTransport implements Transport {

    private final Transport network;
    private final String self;
    private final Executor executor;
    private final Map<String, RequestHandler<?, ?>> requests = new ConcurrentHashMap<>();
    private final Map<String, UploadHandler<?, ?>> uploads = new ConcurrentHashMap<>();
    private final Map<String, DownloadHandler<?>> downloads = new ConcurrentHashMap<>();
    private final Duration defaultTimeout;

    /**
     * The bound on a local call of a protocol whose timeout is {@link Duration#ZERO} ("the transport's default"):
     * the kernel transport's default {@code transport.request_timeout_ms}, which a plugin cannot read.
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Wraps {@code network} for the node {@code selfNodeId}; local handlers run on {@code executor} (as the kernel
     * runs handlers on virtual threads, never on the caller's thread).
     */
    public InProcessTransport(Transport network, String selfNodeId, Executor executor) {
        this(network, selfNodeId, executor, DEFAULT_TIMEOUT);
    }

    /** As {@link #InProcessTransport(Transport, String, Executor)}, with {@code defaultTimeout} for protocols that set none. */
    public InProcessTransport(Transport network, String selfNodeId, Executor executor, Duration defaultTimeout) {
        this.network = Objects.requireNonNull(network, "network");
        this.self = Objects.requireNonNull(selfNodeId, "selfNodeId");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.defaultTimeout = Objects.requireNonNull(defaultTimeout, "defaultTimeout");
        if (defaultTimeout.isNegative() || defaultTimeout.isZero()) {
            throw new IllegalArgumentException("defaultTimeout must be positive, was " + defaultTimeout);
        }
    }

    @Override
    public <Q, R> void register(Protocol<Q, R> protocol, RequestHandler<Q, R> handler) {
        network.register(protocol, handler);
        requests.put(protocol.id(), handler);
    }

    @Override
    public <Q, R> void register(Protocol<Q, R> protocol, RequestHandler<Q, R> handler, Executor handlerExecutor) {
        network.register(protocol, handler, handlerExecutor);
        requests.put(protocol.id(), handler);
    }

    @Override
    public <Q, R> void registerNonBlocking(Protocol<Q, R> protocol, RequestHandler<Q, R> handler) {
        network.registerNonBlocking(protocol, handler);
        requests.put(protocol.id(), handler);
    }

    @Override
    public <Q, R> void registerUpload(Protocol<Q, R> protocol, UploadHandler<Q, R> handler) {
        network.registerUpload(protocol, handler);
        uploads.put(protocol.id(), handler);
    }

    @Override
    public <Q> void registerDownload(Protocol<Q, ?> protocol, DownloadHandler<Q> handler) {
        network.registerDownload(protocol, handler);
        downloads.put(protocol.id(), handler);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <Q, R> CompletableFuture<R> request(PeerAddress peer, Protocol<Q, R> protocol, Q request) {
        if (!isSelf(peer)) {
            return network.request(peer, protocol, request);
        }
        RequestHandler<Q, R> handler = (RequestHandler<Q, R>) requests.get(protocol.id());
        return local(protocol, handler, () -> protocol.responseType().cast(handler.handle(self, request)), null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <Q> CompletableFuture<Void> send(PeerAddress peer, Protocol<Q, ?> protocol, Q message) {
        if (!isSelf(peer)) {
            return network.send(peer, protocol, message);
        }
        RequestHandler<Q, ?> handler = (RequestHandler<Q, ?>) requests.get(protocol.id());
        return local(protocol, handler, () -> {
            handler.handle(self, message);
            return null;
        }, null);
    }

    /**
     * To another node: the network's in-memory upload (no copy); to this node: the payload read as a stream (a copy
     * of it if it was received from a peer, which may release it before the local handler runs).
     */
    @Override
    public <Q, R> CompletableFuture<R> upload(PeerAddress peer, Protocol<Q, R> protocol, Q header, Payload body) {
        return isSelf(peer) ? upload(peer, protocol, header, body.heldInputStream())
                : network.upload(peer, protocol, header, body);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <Q, R> CompletableFuture<R> upload(PeerAddress peer, Protocol<Q, R> protocol, Q header, InputStream body) {
        if (!isSelf(peer)) {
            return network.upload(peer, protocol, header, body);
        }
        UploadHandler<Q, R> handler = (UploadHandler<Q, R>) uploads.get(protocol.id());
        return local(protocol, handler, () -> {
            try (InputStream in = body) {
                return protocol.responseType().cast(handler.handle(self, header, in));
            }
        }, body);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <Q> CompletableFuture<InputStream> download(PeerAddress peer, Protocol<Q, ?> protocol, Q request) {
        if (!isSelf(peer)) {
            return network.download(peer, protocol, request);
        }
        DownloadHandler<Q> handler = (DownloadHandler<Q>) downloads.get(protocol.id());
        return local(protocol, handler, () -> handler.open(self, request), null);
    }

    @Override
    public Optional<InetSocketAddress> localAddress() {
        return network.localAddress();
    }

    @Override
    public CompletableFuture<String> identify(String host, int port) {
        return network.identify(host, port);
    }

    private boolean isSelf(PeerAddress peer) {
        return self.equals(peer.nodeId());
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code call} on the executor, failing as the network would: with a {@link TransportException} naming the
     * protocol, whatever the handler throws, and after the protocol's timeout when it has not answered by then.
     * {@code body} (an upload's, or null) is closed when the call fails before the handler runs; a result that
     * arrives after the call failed is closed when it is a stream.
     */
    private <T> CompletableFuture<T> local(Protocol<?, ?> protocol, Object handler, Call<T> call, Closeable body) {
        if (handler == null) {
            closeQuietly(body);
            return CompletableFuture.failedFuture(new TransportException("this node (" + self + ") does not serve "
                    + protocol.id()));
        }
        Duration timeout = protocol.timeout().isZero() ? defaultTimeout : protocol.timeout();
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                T value;
                try {
                    value = call.run();
                } catch (Throwable e) {
                    result.completeExceptionally(new TransportException(protocol.id() + " on this node (" + self
                            + ") failed: " + e, e));
                    return;
                }
                if (!result.complete(value) && value instanceof Closeable late) {
                    closeQuietly(late);
                }
            });
        } catch (Throwable e) {
            closeQuietly(body);
            return CompletableFuture.failedFuture(new TransportException(protocol.id() + " on this node (" + self
                    + ") was not started: " + e, e));
        }
        CompletableFuture<T> bounded = new CompletableFuture<>();
        result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((value, error) -> {
            if (error == null) {
                if (!bounded.complete(value) && value instanceof Closeable unwanted) {
                    closeQuietly(unwanted); // the caller cancelled the call
                }
            } else if (error instanceof TimeoutException) {
                bounded.completeExceptionally(new TransportException(protocol.id() + " on this node (" + self
                        + ") got no answer within " + timeout.toMillis() + " ms"));
            } else {
                bounded.completeExceptionally(error);
            }
        });
        return bounded;
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException | RuntimeException e) {
                // Nothing more to do with a body or stream nobody reads.
            }
        }
    }
}
