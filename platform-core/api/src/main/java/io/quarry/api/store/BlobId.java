package io.quarry.api.store;

import java.util.HexFormat;
import java.util.Objects;

/**
 * The address of a blob: the BLAKE3-256 hash of its content, written as 64 lowercase hex characters.
 *
 * @param hex the lowercase hex hash
 */
public record BlobId(String hex) {

    public BlobId {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("a blob id is 64 lowercase hex characters, was '" + hex + "'");
        }
    }

    /** The id of a raw 32-byte hash. */
    public static BlobId of(byte[] hash) {
        if (hash.length != 32) {
            throw new IllegalArgumentException("a blob hash is 32 bytes, was " + hash.length);
        }
        return new BlobId(HexFormat.of().formatHex(hash));
    }

    /** The raw 32-byte hash. */
    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
