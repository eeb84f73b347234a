package io.quarry.storage.store;

/**
 * The outcome of a successful write.
 *
 * @param id the shard's address
 * @param size its length in bytes
 * @param alreadyPresent true when the store had it already (content addressing makes the write a no-op)
 */
public record StoreResult(ShardId id, long size, boolean alreadyPresent) {
}
