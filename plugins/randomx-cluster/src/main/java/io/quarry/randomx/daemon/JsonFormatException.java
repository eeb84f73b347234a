package io.quarry.randomx.daemon;

/** A JSON text that {@link Json} refuses: not RFC 8259 JSON, too deep, too long, or a duplicate key. */
final class JsonFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    JsonFormatException(String message, int position) {
        super(message + " at character " + position);
    }

    JsonFormatException(String message) {
        super(message);
    }
}
