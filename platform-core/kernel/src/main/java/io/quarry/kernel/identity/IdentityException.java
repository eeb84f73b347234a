package io.quarry.kernel.identity;

/**
 * The node identity could not be created, loaded, backed up or restored. The message says what went wrong
 * and what the operator should do next (for instance run {@code quarry init}).
 */
public class IdentityException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IdentityException(String message) {
        super(message);
    }

    public IdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
