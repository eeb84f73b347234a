package io.quarry.api.transport;

/** Answers requests of one protocol; runs on a virtual thread and may block. */
@FunctionalInterface
public interface RequestHandler<Q, R> {

    /** Answers {@code request} from the authenticated node {@code peerId}. */
    R handle(String peerId, Q request) throws Exception;
}
