package io.quarry.poies.target;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Per-peer share micro-targets tuned toward {@code target_shares_per_sec} (vardiff). A target is a least H(u)
 * in micro-nats; since {@code P(H(u) >= t) = e^-t}, a peer finding shares at rate {@code r} under target
 * {@code t} finds them at {@code r * e^-(t' - t)} under {@code t'}, so the retarget is
 * {@code t' = t + ln(r / wanted)}, applied once a window holds enough shares (or enough time passed), moved at
 * most a factor of 4 in rate per step so one lucky burst cannot swing it far.
 *
 * <p>Targets live in H(u) terms, not relative to Θ, because they track the peer's hash rate, which a Θ change
 * does not alter. Shares are checked against {@link #admissionTargetMicro}, which keeps the previous target for a
 * short grace after a raise. Peers are forgotten least-recently-seen first beyond {@link #MAX_PEERS}. Thread-safe.
 */
public final class ShareTargets {

    /** Peers whose targets are remembered. */
    public static final int MAX_PEERS = 16_384;
    /** The least target: 2 nats, one nonce in e^2 (about 7.4) is a share. Keeps share floods bounded. */
    public static final long MIN_TARGET_MICRO = 2_000_000;
    /** A new outside peer starts as if it hashed this many nonces a second. */
    static final double ASSUMED_NEW_PEER_RATE = 100_000;
    /** Shares a window needs before it retargets (unless it is old). */
    static final int WINDOW_SHARES = 8;
    /** A window retargets no earlier than this, in nanoseconds. */
    static final long MIN_WINDOW_NANOS = 5_000_000_000L;
    /** A window retargets at the latest after this, shares or not. */
    static final long MAX_WINDOW_NANOS = 60_000_000_000L;
    /** Largest step, in micro-nats: ln 4. */
    static final long MAX_STEP_MICRO = 1_386_294;
    /**
     * How long after a change shares meeting the previous target are still admitted, in nanoseconds: a second of
     * JSON-RPC polling, a submit's round trip and its first retry. Shorter than {@link #MIN_WINDOW_NANOS}, so it
     * only ever spans the one previous target.
     */
    public static final long GRACE_NANOS = 3_000_000_000L;

    private final double wantedPerSecond;
    private final LongSupplier nanoClock;
    private final Map<String, Peer> peers = new LinkedHashMap<>(256, 0.75f, true);

    public ShareTargets(double wantedPerSecond) {
        this(wantedPerSecond, System::nanoTime);
    }

    public ShareTargets(double wantedPerSecond, LongSupplier nanoClock) {
        if (!(wantedPerSecond > 0) || Double.isInfinite(wantedPerSecond)) {
            throw new IllegalArgumentException("wantedPerSecond must be > 0, was " + wantedPerSecond);
        }
        this.wantedPerSecond = wantedPerSecond;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** The target for {@code peer} now, in micro-nats of H(u); starts a peer at an assumed rate. */
    public synchronized long targetMicro(String peer) {
        return peer(peer, ASSUMED_NEW_PEER_RATE).maybeRetarget(nanoClock.getAsLong());
    }

    /**
     * The least H(u) admitted from {@code peer} now: its {@link #targetMicro target}, except that for
     * {@link #GRACE_NANOS} after a raise a share meeting the previous target still passes. A miner hears of a raise
     * only after it happened (with the next submit answer over Stratum and WebSocket getwork, at the next poll over
     * JSON-RPC), so a share it found just before is on its way under the old target; refusing it as
     * {@code target_ratio} would punish the miner for the node's own retune. A lowered target applies at once.
     */
    public synchronized long admissionTargetMicro(String peer) {
        long now = nanoClock.getAsLong();
        Peer p = peer(peer, ASSUMED_NEW_PEER_RATE);
        long target = p.maybeRetarget(now);
        return now - p.changedAt < GRACE_NANOS ? Math.min(target, p.previous) : target;
    }

    /** Seeds {@code peer} (the local device) from a known hash rate, if it has no target yet. */
    public synchronized void seed(String peer, double noncesPerSecond) {
        peer(peer, noncesPerSecond);
    }

    /** Counts one admitted share from {@code peer} and returns its (possibly retargeted) target. */
    public synchronized long shareAccepted(String peer) {
        Peer p = peer(peer, ASSUMED_NEW_PEER_RATE);
        p.shares++;
        return p.maybeRetarget(nanoClock.getAsLong());
    }

    /** The target for a miner hashing {@code noncesPerSecond}: {@code ln(rate / wanted)}, at least the minimum. */
    long targetFor(double noncesPerSecond) {
        double nats = Math.log(Math.max(1, noncesPerSecond) / wantedPerSecond);
        return clamp(Math.round(nats * 1_000_000));
    }

    private Peer peer(String key, double assumedRate) {
        Objects.requireNonNull(key, "peer");
        Peer p = peers.get(key);
        if (p == null) {
            p = new Peer(targetFor(assumedRate), nanoClock.getAsLong());
            peers.put(key, p);
            if (peers.size() > MAX_PEERS) {
                Iterator<Peer> eldest = peers.values().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        return p;
    }

    private static long clamp(long micro) {
        return Math.max(MIN_TARGET_MICRO, Math.min(micro, io.quarry.poies.hash.UDraw.MAX_H_MICRO));
    }

    private final class Peer {
        long target;
        long windowStart;
        int shares;
        /** The target before the last change, and when that change happened. */
        long previous;
        long changedAt;

        Peer(long target, long now) {
            this.target = target;
            this.windowStart = now;
            this.previous = target;
            this.changedAt = now;
        }

        long maybeRetarget(long now) {
            long elapsed = now - windowStart;
            boolean enough = shares >= WINDOW_SHARES && elapsed >= MIN_WINDOW_NANOS;
            if (!enough && elapsed < MAX_WINDOW_NANOS) {
                return target;
            }
            // No share in a whole window: the rate is at most about one share per window.
            double rate = Math.max(shares, 0.5) / (elapsed / 1e9);
            long step = Math.round(Math.log(rate / wantedPerSecond) * 1_000_000);
            step = Math.max(-MAX_STEP_MICRO, Math.min(MAX_STEP_MICRO, step));
            long next = clamp(target + step);
            if (next != target) {
                previous = target;
                changedAt = now;
                target = next;
            }
            windowStart = now;
            shares = 0;
            return target;
        }
    }
}
