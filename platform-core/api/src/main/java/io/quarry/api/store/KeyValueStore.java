package io.quarry.api.store;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * A plugin-private, ordered key-value store. Keys compare as unsigned bytes. A write that returned is
 * durable against the process being killed ({@code kill -9}); readers see only whole batches.
 */
public interface KeyValueStore {

    /** The value under {@code key}, if any. */
    Optional<byte[]> get(byte[] key);

    /** Stores {@code value} under {@code key}, replacing any earlier value. */
    void put(byte[] key, byte[] value);

    /** Removes {@code key}; harmless when absent. */
    void delete(byte[] key);

    /** Applies every put and delete the consumer records, all or none. */
    void batch(Consumer<WriteBatch> writes);

    /**
     * The entries whose keys start with {@code prefix}, in key order. Close the cursor when done; it sees a
     * consistent snapshot taken when it was opened.
     */
    Cursor scan(byte[] prefix);
}
