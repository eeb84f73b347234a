package io.quarry.poies.chain;

/**
 * The chain store refused a write (the block does not extend the head, a nullifier is already on chain) or
 * found its own records inconsistent.
 */
public class ChainException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ChainException(String message) {
        super(message);
    }

    public ChainException(String message, Throwable cause) {
        super(message, cause);
    }
}
