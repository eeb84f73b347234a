package io.quarry.subnet.epistula;

/**
 * Header names of Epistula v2 and of the older form, and how the signed message is built from them.
 * Epistula v2: {@code sha256_hex(body) + "." + uuid + "." + timestamp_ms + "." + (signed_for or "")}; the
 * older form: {@code timestamp_ns + "." + sha256_hex(body)}.
 */
public final class EpistulaHeaders {

    public static final String VERSION = "Epistula-Version";
    public static final String TIMESTAMP = "Epistula-Timestamp";
    public static final String UUID = "Epistula-Uuid";
    public static final String SIGNED_BY = "Epistula-Signed-By";
    public static final String SIGNED_FOR = "Epistula-Signed-For";
    public static final String SIGNATURE = "Epistula-Request-Signature";

    public static final String LEGACY_TIMESTAMP = "X-Epistula-Timestamp";
    public static final String LEGACY_SIGNATURE = "X-Epistula-Signature";
    public static final String LEGACY_HOTKEY = "X-Epistula-Hotkey";

    private EpistulaHeaders() {
    }

    /** The Epistula v2 signed message. */
    public static String message(String bodySha256Hex, String uuid, String timestamp, String signedFor) {
        return bodySha256Hex + "." + uuid + "." + timestamp + "." + (signedFor == null ? "" : signedFor);
    }

    /** The older form's signed message. */
    public static String legacyMessage(String timestampNanos, String bodySha256Hex) {
        return timestampNanos + "." + bodySha256Hex;
    }

    /** Lowercase hex SHA-256 of {@code body}. */
    public static String sha256Hex(byte[] body) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
