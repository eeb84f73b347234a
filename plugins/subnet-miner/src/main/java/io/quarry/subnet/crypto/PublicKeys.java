package io.quarry.subnet.crypto;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decompressed sr25519 public keys, remembered: a miner hears from the same few validators again and again,
 * and decompressing (a field square root) is a noticeable part of a verification. A key seen a second time
 * also gets a table of multiples ({@link FixedBaseTable}) that makes its verifications cheaper; tables are
 * limited to {@value #TABLE_LIMIT} keys (a subnet has at most a few dozen validators). Bounded; when full it
 * starts over. Only valid keys are kept; an invalid encoding is decoded (and refused) every time.
 */
final class PublicKeys {

    private static final int CAPACITY = 4096;
    private static final int TABLE_LIMIT = 64;
    private static final ConcurrentHashMap<ByteBuffer, KnownKey> CACHE = new ConcurrentHashMap<>();
    private static final AtomicInteger TABLES = new AtomicInteger();

    private PublicKeys() {
    }

    /** The key {@code encoding} names, with its use counted, or null when it is not a canonical encoding. */
    static KnownKey lookup(byte[] encoding) {
        ByteBuffer key = ByteBuffer.wrap(encoding.clone());
        KnownKey known = CACHE.get(key);
        if (known == null) {
            long[] point = new long[Edwards25519.EXTENDED];
            if (!Ristretto255.decode(point, encoding, 0)) {
                return null;
            }
            if (CACHE.size() >= CAPACITY) {
                CACHE.clear();
                TABLES.set(0);
            }
            KnownKey fresh = new KnownKey(point);
            known = CACHE.putIfAbsent(key, fresh);
            if (known == null) {
                known = fresh;
            }
        }
        known.used(TABLES, TABLE_LIMIT);
        return known;
    }
}
