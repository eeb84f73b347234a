package io.quarry.fleet.bundle;

/** A bundle was refused for its size alone: it is larger than the receiving node's {@code max_bundle_bytes}. */
public final class BundleTooLargeException extends BundleException {

    private static final long serialVersionUID = 1L;

    public BundleTooLargeException(String message) {
        super(message);
    }
}
