package io.quarry.kernel.identity;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The PEM text form of a PKCS#8 private key (RFC 7468 "PRIVATE KEY"), so {@code openssl pkey -in node.key}
 * can read the node key.
 */
final class Pkcs8Pem {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private Pkcs8Pem() {
    }

    static byte[] encode(byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return (BEGIN + "\n" + body + "\n" + END + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The DER bytes inside the PEM text; IllegalArgumentException when the text is not PKCS#8 PEM. */
    static byte[] decode(byte[] pem) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("expected a PEM block '" + BEGIN + "' ... '" + END + "'");
        }
        return Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end).strip());
    }
}
