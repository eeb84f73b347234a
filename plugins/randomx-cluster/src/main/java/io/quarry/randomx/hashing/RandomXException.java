package io.quarry.randomx.hashing;

/** A RandomX engine failure: allocation refused, unsupported flags, or use in the wrong state. */
public final class RandomXException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with an operator-facing message. */
    public RandomXException(String message) {
        super(message);
    }

    /** Creates the exception with an operator-facing message and a cause. */
    public RandomXException(String message, Throwable cause) {
        super(message, cause);
    }
}
