package io.quarry.storage.store;

import io.quarry.storage.hash.Blake3;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The address of a shard: the BLAKE3-256 hash of its bytes, as 64 lowercase hex characters.
 *
 * @param hex the hash in lowercase hex
 */
public record ShardId(String hex) {

    /** Characters in {@link #hex()}. */
    public static final int HEX_LENGTH = 64;

    /** Checks that {@code hex} is 64 lowercase hex characters. */
    public ShardId {
        Objects.requireNonNull(hex, "hex");
        if (!isValid(hex)) {
            throw new IllegalArgumentException("a shard id is 64 lowercase hex characters, got \""
                    + (hex.length() > 80 ? hex.substring(0, 80) + "..." : hex) + "\"");
        }
    }

    /** Whether {@code text} is a well-formed shard id. */
    public static boolean isValid(String text) {
        if (text == null || text.length() != HEX_LENGTH) {
            return false;
        }
        for (int i = 0; i < HEX_LENGTH; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The id of a 32-byte hash. */
    public static ShardId ofHash(byte[] hash) {
        if (hash.length != Blake3.DIGEST_LEN) {
            throw new IllegalArgumentException("a shard hash has 32 bytes, got " + hash.length);
        }
        return new ShardId(HexFormat.of().formatHex(hash));
    }

    /** The id of {@code data}: its BLAKE3 hash. */
    public static ShardId of(byte[] data) {
        return ofHash(Blake3.hash(data));
    }

    /** The 32 hash bytes. */
    public byte[] hash() {
        return HexFormat.of().parseHex(hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
