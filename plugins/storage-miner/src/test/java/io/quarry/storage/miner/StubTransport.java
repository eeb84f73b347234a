package io.quarry.storage.miner;

import io.quarry.api.transport.DownloadHandler;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Protocol;
import io.quarry.api.transport.RequestHandler;
import io.quarry.api.transport.Transport;
import io.quarry.api.transport.TransportException;
import io.quarry.api.transport.UploadHandler;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** A transport that serves nothing and reaches nobody; tests override the calls they script. */
class StubTransport implements Transport {

    @Override
    public <Q, R> void register(Protocol<Q, R> protocol, RequestHandler<Q, R> handler) {
    }

    @Override
    public <Q, R> void register(Protocol<Q, R> protocol, RequestHandler<Q, R> handler, Executor executor) {
    }

    @Override
    public <Q, R> void registerUpload(Protocol<Q, R> protocol, UploadHandler<Q, R> handler) {
    }

    @Override
    public <Q> void registerDownload(Protocol<Q, ?> protocol, DownloadHandler<Q> handler) {
    }

    @Override
    public <Q, R> CompletableFuture<R> request(PeerAddress peer, Protocol<Q, R> protocol, Q request) {
        return CompletableFuture.failedFuture(new TransportException("no peer in this test: " + peer));
    }

    @Override
    public <Q> CompletableFuture<Void> send(PeerAddress peer, Protocol<Q, ?> protocol, Q message) {
        return CompletableFuture.failedFuture(new TransportException("no peer in this test: " + peer));
    }

    @Override
    public <Q, R> CompletableFuture<R> upload(PeerAddress peer, Protocol<Q, R> protocol, Q header, InputStream body) {
        return CompletableFuture.failedFuture(new TransportException("no peer in this test: " + peer));
    }

    @Override
    public <Q> CompletableFuture<InputStream> download(PeerAddress peer, Protocol<Q, ?> protocol, Q request) {
        return CompletableFuture.failedFuture(new TransportException("no peer in this test: " + peer));
    }
}
