package io.quarry.subnet.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Verifies a signature by a Substrate account key whose scheme the address does not say. sr25519
 * signatures carry schnorrkel's marker (top bit of the last byte), which a canonical Ed25519 signature never
 * has, so the marker picks the scheme. Messages signed in the {@code <Bytes>...</Bytes>} wrapping (what
 * polkadot.js extensions sign) are accepted as well as the bare message.
 */
public final class SubstrateSignatures {

    private static final byte[] OPEN = "<Bytes>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "</Bytes>".getBytes(StandardCharsets.US_ASCII);

    private SubstrateSignatures() {
    }

    /** The scheme that verified {@code signature}, or empty when neither form of the message verifies. */
    public static Optional<KeyType> verify(byte[] message, byte[] signature, byte[] publicKey) {
        if (signature == null || signature.length != 64) {
            return Optional.empty();
        }
        boolean marked = (signature[63] & 0x80) != 0;
        KeyType type = marked ? KeyType.SR25519 : KeyType.ED25519;
        if (verifyAs(type, message, signature, publicKey) || verifyAs(type, wrap(message), signature, publicKey)) {
            return Optional.of(type);
        }
        return Optional.empty();
    }

    /** {@code <Bytes>message</Bytes>}. */
    public static byte[] wrap(byte[] message) {
        byte[] out = Arrays.copyOf(OPEN, OPEN.length + message.length + CLOSE.length);
        System.arraycopy(message, 0, out, OPEN.length, message.length);
        System.arraycopy(CLOSE, 0, out, OPEN.length + message.length, CLOSE.length);
        return out;
    }

    private static boolean verifyAs(KeyType type, byte[] message, byte[] signature, byte[] publicKey) {
        return switch (type) {
            case SR25519 -> Sr25519.verify(message, signature, publicKey);
            case ED25519 -> Ed25519Keys.verify(message, signature, publicKey);
        };
    }
}
