package io.quarry.api.store;

/**
 * One key-value pair read from a store. The arrays are the caller's own copies.
 *
 * @param key the key
 * @param value the value
 */
public record Entry(byte[] key, byte[] value) {
}
