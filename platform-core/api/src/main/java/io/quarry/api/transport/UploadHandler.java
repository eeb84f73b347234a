package io.quarry.api.transport;

import java.io.InputStream;

/**
 * Takes streamed uploads of one protocol: a header message followed by a body of any length, which arrives
 * in chunks with flow control so the body is never held in memory. Runs on a virtual thread and may block.
 */
@FunctionalInterface
public interface UploadHandler<Q, R> {

    /**
     * Consumes {@code body} and answers. {@code body} blocks until the peer sends more; it throws an
     * {@link java.io.IOException} when the peer cancels, disconnects, or sends nothing for the transport's
     * read timeout. Whatever the handler leaves unread is discarded once it returns.
     */
    R handle(String peerId, Q header, InputStream body) throws Exception;
}
