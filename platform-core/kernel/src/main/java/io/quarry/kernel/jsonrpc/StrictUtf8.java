package io.quarry.kernel.jsonrpc;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether bytes are well-formed UTF-8 (RFC 3629): no overlong forms ({@code C0 80} for NUL), no encoded
 * surrogates, nothing past U+10FFFF. Jackson decodes some of those leniently, and text that means one thing
 * to us and another to the next reader is how filters are bypassed, so RPC messages are checked first.
 */
final class StrictUtf8 {

    private StrictUtf8() {
    }

    static boolean isValid(byte[] bytes) {
        boolean ascii = true;
        for (byte b : bytes) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
