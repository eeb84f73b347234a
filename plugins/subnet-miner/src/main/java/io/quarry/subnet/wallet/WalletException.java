package io.quarry.subnet.wallet;

/** A wallet file that cannot be used, with what to do about it. */
public class WalletException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WalletException(String message) {
        super(message);
    }
}
