package io.quarry.fleet.bundle;

import io.quarry.api.identity.Identity;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Seals and opens streamed deploy bundles. The key is HKDF-SHA256 over the X25519 secret the two identities
 * agree on ({@link Identity#agree}), salted with a fixed label and bound to controller, worker, bundle type and
 * the bundle's random salt, so every bundle has its own key. The plaintext tar is encrypted in chunks
 * ({@link ChunkedAead}: ChaCha20-Poly1305 per chunk, counter nonce, final-chunk flag). The controller signs the
 * label, type, worker id, size, checksum and salt; the worker checks the signature and the size limit before it
 * reads a byte of the body, every chunk's tag while reading, and the checksum at the end, so tampering,
 * truncation and reordering are refused before a file is installed.
 */
public final class BundleCrypto {

    /** The salt's length. */
    public static final int SALT_BYTES = 16;

    private static final byte[] HKDF_SALT = "quarry fleet-control bundle key v2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LABEL = "quarry fleet-control bundle stream\0".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private BundleCrypto() {
    }

    /** The signed header of a {@code type} bundle of {@code size} bytes with {@code checksum}, from {@code controller} to {@code workerId}. */
    public static DeployHeader header(Identity controller, String workerId, BundleType type, long size, String checksum) {
        if (size < 0 || checksum.length() != 64) {
            throw new IllegalArgumentException("a bundle header needs a size >= 0 and a hex SHA-256, were " + size + " and " + checksum);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] signature = controller.sign(signedBytes(type, workerId, size, checksum, salt));
        return new DeployHeader(type, size, checksum, salt, signature);
    }

    /**
     * The encrypted body of {@code header}'s bundle: reads {@code plaintext} (exactly {@code header.size()} bytes)
     * as it is read itself. Closing it closes {@code plaintext}.
     */
    public static InputStream seal(Identity controller, String workerId, DeployHeader header, InputStream plaintext) {
        byte[] key = key(controller.agree(workerId), controller.nodeId(), workerId, header);
        return new ChunkedAead.Sealing(key, binding(header, controller.nodeId(), workerId), header.size(), plaintext);
    }

    /**
     * Checks {@code header} and decrypts {@code body} into {@code plaintext}, returning the byte count.
     *
     * @throws BundleTooLargeException when the header announces more than {@code maxBytes}; nothing is read
     * @throws BundleException when the signature, a tag, the framing, the length or the checksum does not hold
     * @throws IOException when reading the body or writing the plaintext fails
     */
    public static long open(Identity worker, String controllerId, DeployHeader header, InputStream body,
            OutputStream plaintext, long maxBytes) throws IOException {
        if (header.salt().length != SALT_BYTES || header.checksum().length() != 64 || header.size() < 0) {
            throw new BundleException("malformed bundle header: salt, checksum or size has the wrong shape");
        }
        if (!Identity.verify(controllerId, signedBytes(header.type(), worker.nodeId(), header.size(), header.checksum(),
                header.salt()), header.signature())) {
            throw new BundleException("the bundle's signature is not the controller's");
        }
        if (header.size() > maxBytes) {
            throw new BundleTooLargeException("the bundle is " + header.size() + " bytes, more than this worker's "
                    + "fleet-control.max_bundle_bytes (" + maxBytes + ")");
        }
        byte[] key;
        try {
            key = key(worker.agree(controllerId), controllerId, worker.nodeId(), header);
        } catch (IllegalArgumentException e) {
            throw new BundleException("no key can be agreed with the sender: " + e.getMessage());
        }
        MessageDigest sha = sha256();
        long n = ChunkedAead.open(key, binding(header, controllerId, worker.nodeId()), header.size(), body,
                new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        sha.update(b, off, len);
                        plaintext.write(b, off, len);
                    }
                });
        if (!MessageDigest.isEqual(HexFormat.of().formatHex(sha.digest()).getBytes(StandardCharsets.US_ASCII),
                header.checksum().getBytes(StandardCharsets.US_ASCII))) {
            throw new BundleException("the bundle's checksum does not match its content");
        }
        return n;
    }

    /** What the controller signs. */
    static byte[] signedBytes(BundleType type, String workerId, long size, String checksum, byte[] salt) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.write(LABEL);
            out.writeUTF(type.label());
            out.writeUTF(workerId);
            out.writeLong(size);
            out.writeUTF(checksum);
            out.write(salt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** A fresh SHA-256. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of {@code data}, lowercase hex. */
    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    private static byte[] binding(DeployHeader header, String controllerId, String workerId) {
        return (header.type().label() + "|" + controllerId + "|" + workerId + "|" + header.size() + "|" + header.checksum())
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] key(byte[] shared, String controllerId, String workerId, DeployHeader header) {
        try {
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
            hkdf.init(new HKDFParameters(shared, HKDF_SALT, (controllerId + "|" + workerId + "|" + header.type().label()
                    + "|" + HexFormat.of().formatHex(header.salt())).getBytes(StandardCharsets.US_ASCII)));
            byte[] key = new byte[32];
            hkdf.generateBytes(key, 0, key.length);
            return key;
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }
}
