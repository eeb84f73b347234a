package io.quarry.randomx.cluster;

import io.quarry.randomx.hashing.NonceRange;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Splits one job's nonce space between members: each lease is a range no other lease of the job overlaps, sized to
 * the member's measured hashrate ({@code hashrate x leaseSeconds}, at least {@link #MIN_LEASE}). A member's new
 * lease replaces its old one (what it left is abandoned, never handed out again, so nobody repeats its hashes);
 * a member that leaves returns its lease, which the next lease taken reuses first (its ranges are reassigned).
 * Thread-safe.
 */
public final class NonceLeases {

    /** The smallest lease handed out. */
    public static final long MIN_LEASE = 1024;

    private final NonceRange space;
    private final double leaseSeconds;
    private final Deque<NonceRange> returned = new ArrayDeque<>();
    private final Map<String, NonceRange> held = new LinkedHashMap<>();
    private long cursor;

    /**
     * @param space the job's nonce space
     * @param leaseSeconds how many seconds of hashing one lease should last
     */
    public NonceLeases(NonceRange space, double leaseSeconds) {
        this.space = Objects.requireNonNull(space, "space");
        if (!(leaseSeconds > 0)) {
            throw new IllegalArgumentException("leaseSeconds must be positive, was " + leaseSeconds);
        }
        this.leaseSeconds = leaseSeconds;
        this.cursor = space.start();
    }

    /** A new lease for {@code member} at {@code hashrate}; empty when the space is used up. */
    public synchronized Optional<NonceRange> lease(String member, double hashrate) {
        Objects.requireNonNull(member, "member");
        long want = Math.max(MIN_LEASE, (long) Math.min(1L << 32, Math.max(0, hashrate) * leaseSeconds));
        NonceRange range;
        if (!returned.isEmpty()) {
            NonceRange back = returned.poll();
            if (back.size() > want) {
                returned.push(new NonceRange(back.start() + want, back.end()));
                range = new NonceRange(back.start(), back.start() + want);
            } else {
                range = back;
            }
        } else if (cursor < space.end()) {
            long end = Math.min(space.end(), cursor + want);
            range = new NonceRange(cursor, end);
            cursor = end;
        } else {
            held.remove(member);
            return Optional.empty();
        }
        held.put(member, range);
        return Optional.of(range);
    }

    /** {@code member} left: its lease goes back to be handed out again. */
    public synchronized void release(String member) {
        NonceRange range = held.remove(member);
        if (range != null) {
            returned.add(range);
        }
    }

    /** The lease {@code member} holds now. */
    public synchronized Optional<NonceRange> held(String member) {
        return Optional.ofNullable(held.get(member));
    }

    /** Nonces never handed out yet, plus returned ones. */
    public synchronized long remaining() {
        return space.end() - cursor + returned.stream().mapToLong(NonceRange::size).sum();
    }
}
