package io.quarry.randomx.cluster;

import io.quarry.api.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key every member of one cluster holds: 32 random bytes, kept as 64 hex characters in a file of mode 0600
 * ({@code cluster_secret_file}). It authenticates discovery beacons and the HELLO handshake with HMAC-SHA256
 * (RFC 2104); a node without it gets no work and its beacons are ignored. Never printed or logged.
 */
public final class ClusterSecret {

    /** Length of the secret in bytes. */
    public static final int BYTES = 32;
    /** Length of an HMAC-SHA256 tag. */
    public static final int MAC_BYTES = 32;

    private static final String KEY = "cluster_secret_file";
    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final byte[] key;

    private ClusterSecret(byte[] key) {
        this.key = key.clone();
    }

    /** A new random secret. */
    public static ClusterSecret generate() {
        byte[] bytes = new byte[BYTES];
        new SecureRandom().nextBytes(bytes);
        return new ClusterSecret(bytes);
    }

    /** The secret whose hex form is {@code hex} (64 hex characters, surrounding whitespace ignored). */
    public static ClusterSecret ofHex(String hex) {
        String trimmed = Objects.requireNonNull(hex, "hex").strip();
        if (trimmed.length() != 2 * BYTES || !trimmed.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("a cluster secret is " + 2 * BYTES + " hex characters, found "
                    + trimmed.length() + " characters" + (trimmed.length() == 2 * BYTES ? " that are not all hex" : ""));
        }
        return new ClusterSecret(HexFormat.of().parseHex(trimmed.toLowerCase(java.util.Locale.ROOT)));
    }

    /**
     * Reads {@code cluster_secret_file}: it must exist, be readable by its owner only (mode 0600 or 0400 where
     * the file system has POSIX modes) and hold 64 hex characters (a trailing newline is fine).
     *
     * @throws ConfigException naming the key and saying how to fix it
     */
    public static ClusterSecret load(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(KEY, KEY + " " + file + " does not exist; make one with "
                    + "'quarry randomx cluster secret > " + file + " && chmod 600 " + file + "' and copy it to every member");
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().anyMatch(OTHERS::contains)) {
                throw new ConfigException(KEY, KEY + " " + file + " is readable by others (mode "
                        + java.nio.file.attribute.PosixFilePermissions.toString(mode) + "); run 'chmod 600 " + file + "'");
            }
        } catch (UnsupportedOperationException e) {
            // No POSIX modes on this file system: nothing to check.
        } catch (IOException e) {
            throw new ConfigException(KEY, KEY + " " + file + " cannot be read: " + e.getMessage(), e);
        }
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            return ofHex(text);
        } catch (IOException e) {
            throw new ConfigException(KEY, KEY + " " + file + " cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(KEY, KEY + " " + file + ": " + e.getMessage()
                    + "; make one with 'quarry randomx cluster secret'", e);
        }
    }

    /** The 64 hex characters, for writing the file; callers must not log them. */
    public String toHex() {
        return HexFormat.of().formatHex(key);
    }

    /** HMAC-SHA256 under the secret over the parts, each preceded by its 4-byte big-endian length. */
    public byte[] mac(byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(new byte[] {(byte) (part.length >>> 24), (byte) (part.length >>> 16),
                        (byte) (part.length >>> 8), (byte) part.length});
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code tag} is the MAC of the parts (constant time). */
    public boolean verify(byte[] tag, byte[]... parts) {
        return tag != null && MessageDigest.isEqual(mac(parts), tag);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClusterSecret s && MessageDigest.isEqual(key, s.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    /** Never the secret itself. */
    @Override
    public String toString() {
        return "ClusterSecret[masked]";
    }
}
