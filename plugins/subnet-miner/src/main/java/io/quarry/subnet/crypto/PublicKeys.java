package io.quarry.subnet.crypto;

import cafe.cryptography.curve25519.CompressedRistretto;
import cafe.cryptography.curve25519.InvalidEncodingException;
import cafe.cryptography.curve25519.RistrettoElement;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decompressed sr25519 public keys, remembered: a miner hears from the same few validators again and again,
 * and decompressing (a field square root) is a noticeable part of a verification. Bounded; when full it starts
 * over. Only valid keys are kept; an invalid encoding is decoded (and refused) every time.
 */
final class PublicKeys {

    private static final int CAPACITY = 4096;
    private static final ConcurrentHashMap<ByteBuffer, RistrettoElement> CACHE = new ConcurrentHashMap<>();

    private PublicKeys() {
    }

    /** The point {@code encoding} names, or null when it is not a canonical Ristretto encoding. */
    static RistrettoElement decompress(byte[] encoding) {
        ByteBuffer key = ByteBuffer.wrap(encoding.clone());
        RistrettoElement known = CACHE.get(key);
        if (known != null) {
            return known;
        }
        RistrettoElement point;
        try {
            point = new CompressedRistretto(encoding.clone()).decompress();
        } catch (InvalidEncodingException | IllegalArgumentException notAPoint) {
            return null;
        }
        if (CACHE.size() >= CAPACITY) {
            CACHE.clear();
        }
        CACHE.put(key, point);
        return point;
    }
}
