package io.quarry.randomx.daemon;

/** A body that {@link DaemonJson} refuses: not RFC 8259 JSON, too deep, too long, or a duplicate key. */
final class JsonFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    JsonFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    JsonFormatException(String message) {
        super(message);
    }
}
