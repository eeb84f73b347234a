package io.quarry.api.transport;

import java.io.InputStream;

/**
 * Serves streamed downloads of one protocol: the caller sends a request message, the handler returns the
 * bytes to send back, which the transport reads and sends in chunks as fast as the caller consumes them.
 * Runs on a virtual thread and may block.
 */
@FunctionalInterface
public interface DownloadHandler<Q> {

    /**
     * Opens the body for {@code request}. The transport closes the returned stream when it has sent it, or
     * when the caller cancels or disconnects. An exception here, or while reading the stream, reaches the
     * caller as a failure carrying its message.
     */
    InputStream open(String peerId, Q request) throws Exception;
}
