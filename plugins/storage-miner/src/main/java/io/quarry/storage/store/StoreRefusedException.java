package io.quarry.storage.store;

/** A write the shard store would not take; {@link #reason()} says which rule refused it. */
public final class StoreRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a write was refused. */
    public enum Reason {
        /** Storing it would pass {@code max_storage_gb}. */
        FULL,
        /** The shard is larger than a shard may be. */
        OVERSIZE,
        /** The bytes do not hash to the id they were sent under. */
        HASH_MISMATCH,
        /** The bytes ended before the announced size, or ran past it. */
        TRUNCATED,
    }

    private final Reason reason;

    /** A refusal for {@code reason}, with a message an operator can act on. */
    public StoreRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The rule that refused the write. */
    public Reason reason() {
        return reason;
    }
}
