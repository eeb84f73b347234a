package io.quarry.storage.wire;

import io.quarry.api.transport.DownloadHandler;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Protocol;
import io.quarry.api.transport.RequestHandler;
import io.quarry.api.transport.Transport;
import io.quarry.api.transport.TransportException;
import io.quarry.api.transport.UploadHandler;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The node's transport with a short cut to itself: calls addressed to this node's own id run the handler this
 * node registered, in process, with the caller's id being this node's id (the kernel transport refuses to dial
 * itself). Everything else goes to the network transport unchanged. A node that is both the validator and a miner
 * of its storage cluster (the one-node dev cluster) reaches its own miner this way; every signature and sender
 * check still runs, the sender being the node itself.
 */
public final class InProcessTransport implements Transport {

    private final Transport network;
    private final String self;
    private final Executor executor;
    private final Map<String, RequestHandler<?, ?>> requests = new ConcurrentHashMap<>();
    private final Map<String, UploadHandler<?, ?>> uploads = new ConcurrentHashMap<>();
    private final Map<String, DownloadHandler<?>> downloads = new ConcurrentHashMap<>();

    /**
     * Wraps {@code network} for the node {@code selfNodeId}; local handlers run on {@code executor} (as the kernel
     * runs handlers on virtual threads, never on the caller's thread).
     */
    public InProcessTransport(Transport network, String selfNodeId, Executor executor) {
        this.network = Objects.requireNonNull(network, "network");
        this.self = Objects.requireNonNull(selfNodeId, "selfNodeId");
        this.executor = Objects.requireNonNull(executor, "executor");
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
        return local(protocol, handler, () -> protocol.responseType().cast(handler.handle(self, request)));
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
        });
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
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public <Q> CompletableFuture<InputStream> download(PeerAddress peer, Protocol<Q, ?> protocol, Q request) {
        if (!isSelf(peer)) {
            return network.download(peer, protocol, request);
        }
        DownloadHandler<Q> handler = (DownloadHandler<Q>) downloads.get(protocol.id());
        return local(protocol, handler, () -> handler.open(self, request));
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
     * protocol. Callers bound their wait with the protocol's timeout, as they do for the network.
     */
    private <T> CompletableFuture<T> local(Protocol<?, ?> protocol, Object handler, Call<T> call) {
        if (handler == null) {
            return CompletableFuture.failedFuture(new TransportException("this node (" + self + ") does not serve "
                    + protocol.id()));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(call.run());
            } catch (Exception e) {
                result.completeExceptionally(new TransportException(protocol.id() + " on this node (" + self
                        + ") failed: " + e.getMessage(), e));
            }
        });
        return result;
    }
}
