package io.quarry.randomx.cluster;

import io.quarry.randomx.cluster.wire.HashRequest;
import io.quarry.randomx.cluster.wire.HashResponse;
import io.quarry.randomx.hashing.Hasher;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers HASH_REQUESTs with this node's engine (the dataset host's fast-mode dataset, or whatever mode it runs):
 * only for nodes whose request tag proves the cluster secret, and only under the key the engine holds now.
 */
public final class HashServer {

    private final String selfId;
    private final ClusterSecret secret;
    private final AtomicLong served = new AtomicLong();
    private volatile Hasher engine;

    public HashServer(String selfId, ClusterSecret secret) {
        this.selfId = Objects.requireNonNull(selfId, "selfId");
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    /** The engine to hash with while a mining session runs; empty when none does. */
    public void engine(Optional<Hasher> hasher) {
        this.engine = hasher.orElse(null);
    }

    /** HASH_REQUEST from the authenticated node {@code peerId}. */
    public HashResponse handle(String peerId, HashRequest request) {
        if (!MessageDigest.isEqual(HandshakeTags.hash(secret, peerId, selfId), request.mac())) {
            throw new ClusterException("node " + Membership.shortId(peerId) + " does not hold this cluster's secret");
        }
        Hasher e = engine;
        if (e == null) {
            throw new ClusterException("this node is not mining, so it has no RandomX engine to hash with");
        }
        List<byte[]> hashes = e.hashAllIfSeed(request.seedHash(), request.blobs())
                .orElseThrow(() -> new ClusterException("this node's engine holds another RandomX key"));
        served.addAndGet(hashes.size());
        return new HashResponse(hashes);
    }

    /** Hashes computed for other members. */
    public long served() {
        return served.get();
    }
}
