package io.quarry.api.limit;

import java.time.InstantSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Token buckets per key (normally a peer's IP address) and one for all keys together: the one rate limiter of
 * the node. The kernel's JSON-RPC carriers use it, and a plugin that serves one peer over several protocols
 * (HTTP, WebSocket, Stratum) shares one instance among them so a peer cannot multiply its rate by switching.
 *
 * <p>The key's bucket is checked first: a key over its own rate is refused without spending a global token, so
 * one flooding peer cannot drain the global bucket for everyone else. Buckets are kept for at most
 * {@link #maxKeys()} keys; beyond that the least recently seen key is forgotten (its bucket starts full again,
 * which costs a forgotten peer nothing and a flood of fresh addresses only the global bucket). Thread-safe.
 */
public final class RateLimiter {

    /** Keys whose buckets are remembered by default. */
    public static final int DEFAULT_MAX_KEYS = 16_384;

    private final RateLimit perKey;
    private final RateLimit global;
    private final InstantSource clock;
    private final int maxKeys;
    private final Map<String, TokenBucket> keys = new LinkedHashMap<>(256, 0.75f, true);
    private final TokenBucket globalBucket;

    /**
     * @param perKey the rate of each key; {@link RateLimit#OFF} turns the per-key limit off
     * @param global the rate of all keys together; {@link RateLimit#OFF} turns it off
     * @param clock where time comes from ({@link InstantSource#system()} in production)
     * @param maxKeys keys remembered at most; at least 1
     */
    public RateLimiter(RateLimit perKey, RateLimit global, InstantSource clock, int maxKeys) {
        this.perKey = Objects.requireNonNull(perKey, "perKey");
        this.global = Objects.requireNonNull(global, "global");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1, was " + maxKeys);
        }
        this.maxKeys = maxKeys;
        this.globalBucket = global.isOff() ? null : new TokenBucket(global, clock);
    }

    /** {@link #DEFAULT_MAX_KEYS} keys on the system clock. */
    public RateLimiter(RateLimit perKey, RateLimit global) {
        this(perKey, global, InstantSource.system(), DEFAULT_MAX_KEYS);
    }

    /** A limiter that allows everything. */
    public static RateLimiter unlimited() {
        return new RateLimiter(RateLimit.OFF, RateLimit.OFF);
    }

    /** Takes one token for {@code key} and one global token, or neither. */
    public synchronized RateVerdict tryAcquire(String key) {
        Objects.requireNonNull(key, "key");
        if (perKey.isOff()) {
            return globalBucket == null || globalBucket.tryTake() ? RateVerdict.ALLOWED : RateVerdict.GLOBAL_LIMITED;
        }
        TokenBucket bucket = keys.get(key);
        if (bucket == null) {
            bucket = new TokenBucket(perKey, clock);
            keys.put(key, bucket);
            if (keys.size() > maxKeys) {
                Iterator<TokenBucket> eldest = keys.values().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        if (!bucket.hasToken()) {
            return RateVerdict.KEY_LIMITED;
        }
        if (globalBucket != null && !globalBucket.tryTake()) {
            return RateVerdict.GLOBAL_LIMITED;
        }
        bucket.take();
        return RateVerdict.ALLOWED;
    }

    /** Keys with a remembered bucket. */
    public synchronized int trackedKeys() {
        return keys.size();
    }

    /** Keys remembered at most. */
    public int maxKeys() {
        return maxKeys;
    }

    /** The per-key rate. */
    public RateLimit perKey() {
        return perKey;
    }

    /** The global rate. */
    public RateLimit global() {
        return global;
    }
}
