package io.quarry.storage.store;

/**
 * Size limits of the storage protocols (docs/plugins.md, storage-miner): control messages are small, shard
 * bodies travel on streams and are bounded by the largest fetch response.
 */
public final class StorageLimits {

    /** Largest control message, encoded: 1 MB. */
    public static final int MAX_MESSAGE_SIZE = 1 << 20;
    /** Largest FetchBlob response, and so the largest shard a miner stores: 4 MB. */
    public static final int MAX_FETCH_RESPONSE_SIZE = 4 << 20;
    /** How long an orphan shard stays before garbage collection: one hour. */
    public static final long ORPHAN_GRACE_PERIOD_SECS = 3_600;

    private StorageLimits() {
    }
}
