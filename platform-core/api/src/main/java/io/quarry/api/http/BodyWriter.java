package io.quarry.api.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a response body as it is produced instead of handing the kernel one byte array (see
 * {@link HttpResponse#stream}). Runs on the handler's virtual thread; writes block while the client is slow to
 * read, so the node never holds more than a bounded window of the body.
 */
@FunctionalInterface
public interface BodyWriter {

    /**
     * Writes the body to {@code out} (which the kernel closes afterwards). An exception after the first bytes
     * cuts the response short and closes the connection, so the client sees a truncated body, never a silently
     * wrong one.
     */
    void writeTo(OutputStream out) throws IOException;
}
