package io.quarry.kernel.jsonrpc;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Short random ids tying an "internal error" answer to the server log line with the stack trace. */
final class ErrorIds {

    private ErrorIds() {
    }

    static String next() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
