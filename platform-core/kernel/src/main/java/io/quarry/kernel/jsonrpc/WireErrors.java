package io.quarry.kernel.jsonrpc;

import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import javax.net.ssl.SSLException;

/**
 * Classifies what a pipeline reports (Besu's {@code DeFramer.exceptionCaught} habit): a peer's malformed input
 * and I/O failures are the peer's business (DEBUG, disconnect, a counter), only the rest is our own bug.
 */
final class WireErrors {

    static final String LINE_TOO_LONG = "line_too_long";
    static final String TLS = "tls";
    static final String IO = "io";
    static final String BUG = "internal";

    private WireErrors() {
    }

    /** The metrics reason for {@code cause}. */
    static String classify(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TooLongFrameException) {
                return LINE_TOO_LONG;
            }
            if (t instanceof SSLException) {
                return TLS;
            }
            if (t instanceof IOException) {
                return IO;
            }
        }
        // NotSslRecordException is an SSLException; plain bytes on a TLS port end up above.
        return BUG;
    }
}
