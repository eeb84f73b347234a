package io.quarry.api.transport;

/**
 * Answers requests (or takes one-way messages) of one protocol. Runs on a virtual thread and may block, unless
 * registered with {@link Transport#registerNonBlocking}, which runs it on a network thread where it must not.
 * An exception thrown here reaches the caller as a {@link TransportException} carrying its message (no
 * stack trace crosses the wire); for a one-way message it is logged at DEBUG.
 */
@FunctionalInterface
public interface RequestHandler<Q, R> {

    /** Answers {@code request} from the authenticated node {@code peerId}; one-way handlers return null. */
    R handle(String peerId, Q request) throws Exception;
}
