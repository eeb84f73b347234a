package io.quarry.randomx.cluster.wire;

import java.util.regex.Pattern;

/** Shape checks shared by the cluster messages; a message that fails one is refused as malformed. */
final class WireChecks {

    /** Length of handshake nonces. */
    static final int NONCE_BYTES = 32;
    /** Length of an HMAC-SHA256 tag. */
    static final int MAC_BYTES = 32;
    private static final Pattern NODE_ID = Pattern.compile("[0-9a-f]{64}");

    private WireChecks() {
    }

    static void nodeId(String field, String value) {
        if (value == null || !NODE_ID.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 64 lowercase hex characters");
        }
    }

    static void nonce(String field, byte[] value) {
        bytes(field, value, NONCE_BYTES);
    }

    static void mac(String field, byte[] value) {
        bytes(field, value, MAC_BYTES);
    }

    static void bytes(String field, byte[] value, int length) {
        if (value == null || value.length != length) {
            throw new IllegalArgumentException(field + " must be " + length + " bytes, was "
                    + (value == null ? "missing" : value.length));
        }
    }

    static void text(String field, String value, int maxLength) {
        if (value == null || value.isEmpty() || value.length() > maxLength) {
            throw new IllegalArgumentException(field + " must be 1.." + maxLength + " characters");
        }
    }
}
