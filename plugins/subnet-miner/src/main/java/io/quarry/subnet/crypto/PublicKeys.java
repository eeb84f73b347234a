package io.quarry.subnet.crypto;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decompressed sr25519 public keys, remembered: a miner hears from the same few validators again and again,
 * and decompressing (a field square root) is a noticeable part of a verification. Only keys that have signed
 * something valid are remembered and counted (a stream of garbage signatures cannot fill the memory or claim
 * the tables); a key with a second valid signature also gets a table of multiples ({@link FixedBaseTable}) that
 * makes its verifications cheaper, for at most {@value #TABLE_LIMIT} keys (a subnet has at most a few dozen
 * validators). Bounded: when full, the keys without a table are forgotten.
 */
final class PublicKeys {

    private static final int CAPACITY = 4096;
    private static final int TABLE_LIMIT = 64;
    private static final ConcurrentHashMap<ByteBuffer, KnownKey> CACHE = new ConcurrentHashMap<>();
    private static final AtomicInteger TABLES = new AtomicInteger();

    private PublicKeys() {
    }

    /**
     * The key {@code encoding} names (remembered, or decoded now and not yet remembered), or null when it is not
     * a canonical encoding. Nothing is counted: call {@link #verified} once a signature by it checked out.
     */
    static KnownKey lookup(byte[] encoding) {
        KnownKey known = CACHE.get(ByteBuffer.wrap(encoding));
        if (known != null) {
            return known;
        }
        long[] point = new long[Edwards25519.EXTENDED];
        return Ristretto255.decode(point, encoding, 0) ? new KnownKey(point) : null;
    }

    /** Remembers {@code key} (the decoding of {@code encoding}) after a valid signature, and counts the use. */
    static void verified(byte[] encoding, KnownKey key) {
        KnownKey known = key;
        if (CACHE.get(ByteBuffer.wrap(encoding)) != key) {
            if (CACHE.size() >= CAPACITY) {
                CACHE.values().removeIf(k -> k.negatedTable() == null);
            }
            KnownKey previous = CACHE.putIfAbsent(ByteBuffer.wrap(encoding.clone()), key);
            if (previous != null) {
                known = previous;
            }
        }
        known.used(TABLES, TABLE_LIMIT);
    }
}
