package io.quarry.storage.wire;

/**
 * A FetchBlob request on {@code storage/miner-fetch/1}; the answer is the stream of the shard's bytes from
 * {@code offset}, at most {@code length} of them (the whole rest when {@code length} is 0).
 *
 * @param hash the shard id
 * @param offset first byte wanted
 * @param length bytes wanted; 0 means to the end
 */
public record FetchBlob(String hash, long offset, long length) {
}
