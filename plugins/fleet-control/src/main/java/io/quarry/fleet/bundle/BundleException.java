package io.quarry.fleet.bundle;

/** A bundle was refused: tampered, not signed by a controller, unsafe or too large. The message says which. */
public class BundleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
