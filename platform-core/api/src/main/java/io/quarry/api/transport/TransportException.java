package io.quarry.api.transport;

/** A transport operation failed: the peer is unreachable or not who it should be, or a request timed out. */
public class TransportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
