package io.quarry.randomx.cluster;

import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Transport;
import io.quarry.randomx.cluster.wire.ClusterProtocols;
import io.quarry.randomx.cluster.wire.HashRequest;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/** Sends batches of blobs to the dataset host (HASH_REQUEST) and returns its hashes, in order. */
public final class RemoteHasher {

    private final Transport transport;
    private final ClusterSecret secret;
    private final String selfId;
    private final AtomicLong hashes = new AtomicLong();

    public RemoteHasher(Transport transport, ClusterSecret secret, String selfId) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.selfId = Objects.requireNonNull(selfId, "selfId");
    }

    /**
     * The hashes of {@code blobs} under {@code key}, computed by {@code host}; blocks.
     *
     * @throws io.quarry.api.transport.TransportException when the host cannot be reached or refuses
     */
    public List<byte[]> hash(PeerAddress host, byte[] key, List<byte[]> blobs) {
        return await(hashAsync(host, key, blobs));
    }

    /**
     * As {@link #hash}, without waiting: several batches may be in flight to one host, so it never waits for the
     * next one while the previous answer travels back. The future fails as {@link #hash} throws.
     */
    public CompletableFuture<List<byte[]>> hashAsync(PeerAddress host, byte[] key, List<byte[]> blobs) {
        HashRequest request = new HashRequest(key, blobs, HandshakeTags.hash(secret, selfId, host.nodeId()));
        return transport.request(host, ClusterProtocols.HASH, request).thenApply(response -> {
            if (response.hashes().size() != blobs.size()) {
                throw new ClusterException("dataset host " + host + " answered " + response.hashes().size()
                        + " hashes for " + blobs.size() + " blobs");
            }
            hashes.addAndGet(blobs.size());
            return response.hashes();
        });
    }

    /** The future's hashes; its failure rethrown as the unchecked exception it was. */
    public static List<byte[]> await(CompletableFuture<List<byte[]>> pending) {
        try {
            return pending.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** Hashes obtained from dataset hosts so far. */
    public long hashes() {
        return hashes.get();
    }
}
