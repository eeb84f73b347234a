package io.quarry.poies.policy;

/**
 * A policy file that cannot be used: unreadable, not JSON, over its size limit, or with a missing, unknown,
 * mistyped or out-of-range key. The message names the file and the key
 * ({@code dev-policy.json: caps.ai: must be <= gammaCap (2.5), was 3}).
 */
public final class PolicyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A policy error described by {@code message}, which names the file and key. */
    public PolicyException(String message) {
        super(message);
    }

    /** A policy error found by a reader ({@code cause}), described by {@code message}. */
    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
