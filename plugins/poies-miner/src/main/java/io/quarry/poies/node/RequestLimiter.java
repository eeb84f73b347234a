package io.quarry.poies.node;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Token buckets per peer and for all peers together (the WebSocket and Stratum endpoints
 * enforce token buckets per peer and global, docs/plugins.md). One instance is shared by the JSON-RPC route,
 * WebSocket getwork and Stratum, so a miner cannot multiply its rate by switching protocol. A peer is whatever key
 * the caller passes, normally the remote IP address.
 *
 * <p>The peer bucket is checked first: a peer over its own rate is refused without spending a global token,
 * so one flooding peer cannot drain the global bucket for everyone else. Peer buckets are kept for at most
 * {@link #MAX_PEERS} peers; beyond that the least recently seen peer is forgotten (its bucket starts full
 * again, which costs a forgotten peer nothing and a flood of fresh addresses only the global bucket).
 * Thread-safe.
 */
public final class RequestLimiter {

    /** Peers whose buckets are remembered. */
    public static final int MAX_PEERS = 16_384;

    private final double peerPerNano;
    private final double peerBurst;
    private final double globalPerNano;
    private final double globalBurst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> peers = new LinkedHashMap<>(256, 0.75f, true);
    private final Bucket global;

    /**
     * @param peerPerSecond refill per peer; 0 turns the peer limit off
     * @param peerBurst peer bucket size
     * @param globalPerSecond refill for all peers; 0 turns the global limit off
     * @param globalBurst global bucket size
     */
    public RequestLimiter(double peerPerSecond, int peerBurst, double globalPerSecond, int globalBurst) {
        this(peerPerSecond, peerBurst, globalPerSecond, globalBurst, System::nanoTime);
    }

    /** As above on a clock the caller controls (tests). */
    public RequestLimiter(double peerPerSecond, int peerBurst, double globalPerSecond, int globalBurst,
            LongSupplier nanoClock) {
        checkRate("peerPerSecond", peerPerSecond, peerBurst);
        checkRate("globalPerSecond", globalPerSecond, globalBurst);
        this.peerPerNano = peerPerSecond / 1e9;
        this.peerBurst = peerBurst;
        this.globalPerNano = globalPerSecond / 1e9;
        this.globalBurst = globalBurst;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.global = new Bucket(globalBurst, nanoClock.getAsLong());
    }

    /** What {@link #tryAcquire} decided. */
    public enum Verdict {
        /** Go ahead. */
        ALLOWED,
        /** This peer is over its own rate. */
        PEER_LIMITED,
        /** All peers together are over the node's rate. */
        GLOBAL_LIMITED;

        /** Whether the request may proceed. */
        public boolean allowed() {
            return this == ALLOWED;
        }
    }

    /** Takes one token for {@code peer} (and one global token). */
    public synchronized Verdict tryAcquire(String peer) {
        Objects.requireNonNull(peer, "peer");
        long now = nanoClock.getAsLong();
        if (peerPerNano > 0) {
            Bucket bucket = peers.get(peer);
            if (bucket == null) {
                bucket = new Bucket(peerBurst, now);
                peers.put(peer, bucket);
                if (peers.size() > MAX_PEERS) {
                    Iterator<Bucket> eldest = peers.values().iterator();
                    eldest.next();
                    eldest.remove();
                }
            }
            if (!bucket.peek(now, peerPerNano, peerBurst)) {
                return Verdict.PEER_LIMITED;
            }
            if (globalPerNano > 0 && !global.take(now, globalPerNano, globalBurst)) {
                return Verdict.GLOBAL_LIMITED;
            }
            bucket.tokens -= 1;
            return Verdict.ALLOWED;
        }
        if (globalPerNano > 0 && !global.take(now, globalPerNano, globalBurst)) {
            return Verdict.GLOBAL_LIMITED;
        }
        return Verdict.ALLOWED;
    }

    /** Peers with a remembered bucket (for tests and stats). */
    public synchronized int trackedPeers() {
        return peers.size();
    }

    private static void checkRate(String name, double perSecond, int burst) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, was " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException(name + " burst must be >= 1, was " + burst);
        }
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        /** Refills, then says whether a token is there without taking it. */
        boolean peek(long now, double perNano, double burst) {
            tokens = Math.min(burst, tokens + Math.max(0, now - last) * perNano);
            last = now;
            return tokens >= 1;
        }

        boolean take(long now, double perNano, double burst) {
            if (!peek(now, perNano, burst)) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
