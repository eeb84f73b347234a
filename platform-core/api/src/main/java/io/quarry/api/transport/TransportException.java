package io.quarry.api.transport;

/**
 * A transport operation failed: the peer is unreachable or not who it should be, the peer does not speak
 * the protocol, a message is too large, a limit was reached, the peer's handler failed, or a request timed
 * out. The message says which and names the peer and the protocol.
 */
public class TransportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
