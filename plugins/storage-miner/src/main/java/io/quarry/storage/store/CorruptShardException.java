package io.quarry.storage.store;

/** A stored shard's bytes no longer hash to its id (disk corruption or tampering); it is never served. */
public final class CorruptShardException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ShardId id;

    /** The shard {@code id} failed verification; {@code actual} is what its bytes hash to. */
    public CorruptShardException(ShardId id, String actual) {
        super("shard " + id + " is corrupt on disk: its bytes hash to " + actual);
        this.id = id;
    }

    /** The corrupt shard. */
    public ShardId id() {
        return id;
    }
}
