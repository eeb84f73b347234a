package io.quarry.storage.wire;

/**
 * The header of a Store upload on {@code storage/miner-store/1}; the shard's bytes follow as the stream body.
 *
 * @param hash the shard id (BLAKE3 of the body)
 * @param size the body's length
 * @param signature the validator's Ed25519 signature over {@code UPLOAD:{hash}}; a miner that pulls from a
 *     peer stores through its own store path, not this protocol
 */
public record StoreHeader(String hash, long size, byte[] signature) {
}
