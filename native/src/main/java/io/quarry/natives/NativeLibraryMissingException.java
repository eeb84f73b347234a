package io.quarry.natives;

/**
 * A system library Quarry binds to could not be loaded (absent, too old, or the wrong architecture). The
 * message names the library and the package that provides it, so an operator knows what to install.
 */
public final class NativeLibraryMissingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with an operator-facing message and the loader's error. */
    public NativeLibraryMissingException(String message, Throwable cause) {
        super(message, cause);
    }
}
