package io.quarry.randomx.job;

import java.util.Objects;

/**
 * A job from upstream that cannot be mined: refused with a log line naming what was wrong and counted by
 * {@link #reason()} ({@code quarry.randomx.jobs.refused{reason}}).
 */
public class InvalidJobException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The job is not an object, or a field has the wrong type or is not hex. */
    public static final String MALFORMED = "malformed";
    /** The blob is shorter than {@link MoneroJob#MIN_BLOB_BYTES} (or longer than the maximum). */
    public static final String BLOB_LENGTH = "blob_length";
    /** No {@code seed_hash}, or not 32 bytes: RandomX cannot be keyed. */
    public static final String SEED_HASH = "seed_hash";
    /** The target is not 4 or 8 bytes, or zero. */
    public static final String TARGET = "target";
    /** The job names an algorithm other than rx/0. */
    public static final String ALGO = "algo";

    private final String reason;

    public InvalidJobException(String reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** A short, fixed tag for metrics: one of the constants of this class. */
    public String reason() {
        return reason;
    }
}
