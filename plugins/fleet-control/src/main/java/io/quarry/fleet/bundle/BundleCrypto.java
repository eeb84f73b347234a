package io.quarry.fleet.bundle;

import io.quarry.api.identity.Identity;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Seals and opens deploy bundles. The key is HKDF-SHA256 over the X25519 secret the two identities agree on
 * ({@link Identity#agree}), salted with a fixed label and bound to controller, worker and bundle type; the
 * cipher is ChaCha20-Poly1305 (RFC 8439, BouncyCastle) with a random nonce and the same binding as associated
 * data. The controller signs the label, type, worker id and plaintext checksum; the worker checks the
 * signature, then the tag, then the checksum, so any tampering is refused before a byte is installed.
 */
public final class BundleCrypto {

    /** Largest plaintext tar: it must fit one command message with base64 and JSON around it. */
    public static final int MAX_BUNDLE_BYTES = 640 * 1024;

    private static final byte[] SALT = "quarry fleet-control bundle key v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LABEL = "quarry fleet-control bundle\0".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BundleCrypto() {
    }

    /** Encrypts {@code tar} from {@code controller} to {@code workerId} and signs it. */
    public static DeployPayload seal(Identity controller, String workerId, BundleType type, byte[] tar) {
        if (tar.length > MAX_BUNDLE_BYTES) {
            throw new BundleException("a bundle is at most " + MAX_BUNDLE_BYTES + " bytes, this one " + tar.length);
        }
        String checksum = sha256Hex(tar);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] key = key(controller.agree(workerId), controller.nodeId(), workerId, type);
        byte[] ciphertext = cipher(true, key, nonce, binding(type, controller.nodeId(), workerId, checksum), tar);
        byte[] signature = controller.sign(signedBytes(type, workerId, checksum));
        return new DeployPayload(type, checksum, nonce, ciphertext, signature);
    }

    /**
     * Checks and decrypts a bundle that {@code controllerId} sent to {@code worker}.
     *
     * @throws BundleException when the signature, the tag or the checksum does not hold, or sizes are wrong
     */
    public static byte[] open(Identity worker, String controllerId, DeployPayload bundle) {
        if (bundle.nonce().length != NONCE_BYTES || bundle.ciphertext().length < TAG_BITS / 8
                || bundle.ciphertext().length > MAX_BUNDLE_BYTES + TAG_BITS / 8 || bundle.checksum().length() != 64) {
            throw new BundleException("malformed bundle: nonce, ciphertext or checksum has the wrong size");
        }
        if (!Identity.verify(controllerId, signedBytes(bundle.type(), worker.nodeId(), bundle.checksum()), bundle.signature())) {
            throw new BundleException("the bundle's signature is not the controller's");
        }
        byte[] key;
        try {
            key = key(worker.agree(controllerId), controllerId, worker.nodeId(), bundle.type());
        } catch (IllegalArgumentException e) {
            throw new BundleException("no key can be agreed with the sender: " + e.getMessage());
        }
        byte[] tar;
        try {
            tar = cipher(false, key, bundle.nonce(), binding(bundle.type(), controllerId, worker.nodeId(), bundle.checksum()),
                    bundle.ciphertext());
        } catch (BundleException e) {
            throw new BundleException("the bundle was tampered with or not encrypted to this node (" + e.getMessage() + ")");
        }
        if (!MessageDigest.isEqual(sha256Hex(tar).getBytes(StandardCharsets.US_ASCII),
                bundle.checksum().getBytes(StandardCharsets.US_ASCII))) {
            throw new BundleException("the bundle's checksum does not match its content");
        }
        return tar;
    }

    /** What the controller signs. */
    static byte[] signedBytes(BundleType type, String workerId, String checksum) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.write(LABEL);
            out.writeUTF(type.label());
            out.writeUTF(workerId);
            out.writeUTF(checksum);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** SHA-256 of {@code data}, lowercase hex. */
    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] binding(BundleType type, String controllerId, String workerId, String checksum) {
        return (type.label() + "|" + controllerId + "|" + workerId + "|" + checksum).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] key(byte[] shared, String controllerId, String workerId, BundleType type) {
        try {
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
            hkdf.init(new HKDFParameters(shared, SALT,
                    (controllerId + "|" + workerId + "|" + type.label()).getBytes(StandardCharsets.US_ASCII)));
            byte[] key = new byte[32];
            hkdf.generateBytes(key, 0, key.length);
            return key;
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    private static byte[] cipher(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] input) {
        ChaCha20Poly1305 aead = new ChaCha20Poly1305();
        aead.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce, aad));
        byte[] out = new byte[aead.getOutputSize(input.length)];
        int n = aead.processBytes(input, 0, input.length, out, 0);
        try {
            n += aead.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new BundleException("authentication tag mismatch", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
