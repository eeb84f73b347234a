package io.quarry.randomx.job;

import java.util.Objects;

/**
 * What became of a submitted share or block.
 *
 * @param accepted whether the upstream (pool or monerod) accepted it
 * @param reason a short fixed tag for metrics: {@code "ok"}, or one of the reject reasons of this class
 * @param message the upstream's own words, or ours when it was refused before sending
 */
public record SubmitResult(boolean accepted, String reason, String message) {

    /** The share did not meet the target it was checked against. */
    public static final String LOW_DIFFICULTY = "low_difficulty";
    /** Its job was replaced (or is unknown upstream). */
    public static final String STALE = "stale";
    /** The upstream saw this share before. */
    public static final String DUPLICATE = "duplicate";
    /** The nonce is malformed or outside the worker's range. */
    public static final String INVALID_NONCE = "invalid_nonce";
    /** The result does not match the hash of the job with that nonce. */
    public static final String BAD_HASH = "bad_hash";
    /** The upstream does not know the miner (not logged in, wrong login id). */
    public static final String UNAUTHENTICATED = "unauthenticated";
    /** The share could not be delivered (no connection, timeout). */
    public static final String UNREACHABLE = "unreachable";
    /** Anything else the upstream said no to. */
    public static final String OTHER = "other";

    public SubmitResult {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    /** Accepted, with the upstream's status text. */
    public static SubmitResult accepted(String message) {
        return new SubmitResult(true, "ok", message);
    }

    /** Rejected for {@code reason}. */
    public static SubmitResult rejected(String reason, String message) {
        return new SubmitResult(false, reason, message);
    }

    /**
     * The reason tag for a pool's error message, so {@code rejected{reason}} keeps a small, fixed set of values
     * whatever the pool writes ("Low difficulty share", "Duplicate share", "Block expired", "Invalid job id").
     */
    public static String reasonOf(String poolMessage) {
        String m = poolMessage == null ? "" : poolMessage.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("low difficulty") || m.contains("low diff")) {
            return LOW_DIFFICULTY;
        }
        if (m.contains("duplicate")) {
            return DUPLICATE;
        }
        if (m.contains("expired") || m.contains("stale") || m.contains("job id") || m.contains("job not found")) {
            return STALE;
        }
        if (m.contains("unauthenticated") || m.contains("login")) {
            return UNAUTHENTICATED;
        }
        if (m.contains("nonce")) {
            return INVALID_NONCE;
        }
        if (m.contains("hash") || m.contains("result")) {
            return BAD_HASH;
        }
        return OTHER;
    }
}
