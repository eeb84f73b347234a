package io.quarry.api.store;

/** Writes collected for one atomic {@link KeyValueStore#batch} call. */
public interface WriteBatch {

    /** Adds a put to the batch. */
    WriteBatch put(byte[] key, byte[] value);

    /** Adds a delete to the batch. */
    WriteBatch delete(byte[] key);
}
