package io.quarry.subnet.crypto;

import cafe.cryptography.curve25519.Constants;
import cafe.cryptography.curve25519.Scalar;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * sr25519: Schnorr signatures over Ristretto255 with Merlin transcripts, as schnorrkel defines them and
 * Substrate uses them (signing context {@code "substrate"}). A signature is {@code R || s}, 64 bytes, with
 * the top bit of the last byte set as schnorrkel's marker. Keys are expanded from a 32-byte mini secret key
 * the way Substrate does ("Ed25519" expansion mode: SHA-512, clamped and divided by the cofactor). Key
 * expansion and signing use curve25519-elisabeth's constant-time arithmetic; verification, which handles only
 * public data, uses the faster variable-time {@link VerifyEquation} and {@link Ristretto255}.
 */
public final class Sr25519 {

    /** Substrate's signing context. */
    public static final byte[] SUBSTRATE_CONTEXT = "substrate".getBytes(StandardCharsets.US_ASCII);
    /** Length of a signature. */
    public static final int SIGNATURE_LENGTH = 64;
    /** Length of a public key (a compressed Ristretto point). */
    public static final int PUBLIC_KEY_LENGTH = 32;

    private Sr25519() {
    }

    /** The key pair Substrate derives from a 32-byte mini secret key (a Bittensor wallet's {@code secretSeed}). */
    public static Sr25519KeyPair fromSeed(byte[] miniSecret) {
        Objects.requireNonNull(miniSecret, "miniSecret");
        if (miniSecret.length != 32) {
            throw new IllegalArgumentException("an sr25519 seed is 32 bytes, got " + miniSecret.length);
        }
        byte[] h = sha512(miniSecret);
        byte[] key = Arrays.copyOfRange(h, 0, 32);
        key[0] &= (byte) 248;
        key[31] &= 63;
        key[31] |= 64;
        divideByCofactor(key);
        Scalar secret = Scalar.fromBytesModOrder(key);
        byte[] nonce = Arrays.copyOfRange(h, 32, 64);
        Arrays.fill(h, (byte) 0);
        Arrays.fill(key, (byte) 0);
        byte[] publicKey = Constants.RISTRETTO_GENERATOR_TABLE.multiply(secret).compress().toByteArray();
        return new Sr25519KeyPair(publicKey, secret, nonce);
    }

    /** Signs {@code message} in the Substrate context. */
    public static byte[] sign(Sr25519KeyPair pair, byte[] message, SecureRandom random) {
        MerlinTranscript t = signingTranscript(SUBSTRATE_CONTEXT, message);
        t.appendMessage("proto-name", "Schnorr-sig".getBytes(StandardCharsets.US_ASCII));
        t.appendMessage("sign:pk", pair.publicKey());
        Scalar r = Scalar.fromBytesModOrderWide(t.witnessBytes("signing", pair.nonce(), random, 64));
        byte[] bigR = Constants.RISTRETTO_GENERATOR_TABLE.multiply(r).compress().toByteArray();
        t.appendMessage("sign:R", bigR);
        Scalar k = challengeScalar(t);
        byte[] s = k.multiplyAndAdd(pair.secret(), r).toByteArray();
        byte[] signature = new byte[SIGNATURE_LENGTH];
        System.arraycopy(bigR, 0, signature, 0, 32);
        System.arraycopy(s, 0, signature, 32, 32);
        signature[63] |= (byte) 0x80;
        return signature;
    }

    /** Whether {@code signature} is {@code publicKey}'s signature of {@code message} in the Substrate context. */
    public static boolean verify(byte[] message, byte[] signature, byte[] publicKey) {
        return verify(SUBSTRATE_CONTEXT, message, signature, publicKey);
    }

    /**
     * Whether {@code signature} is valid. False for any malformed input: a wrong length, a signature without
     * schnorrkel's marker bit, a non-canonical scalar {@code s}, or a public key that is not a canonical
     * Ristretto encoding.
     */
    public static boolean verify(byte[] context, byte[] message, byte[] signature, byte[] publicKey) {
        if (signature == null || publicKey == null || message == null
                || signature.length != SIGNATURE_LENGTH || publicKey.length != PUBLIC_KEY_LENGTH) {
            return false;
        }
        if ((signature[63] & 0x80) == 0) {
            return false;
        }
        byte[] sBytes = Arrays.copyOfRange(signature, 32, 64);
        sBytes[31] &= 0x7f;
        try {
            Scalar.fromCanonicalBytes(sBytes); // refuses s >= l
        } catch (IllegalArgumentException nonCanonical) {
            return false;
        }
        KnownKey a = PublicKeys.lookup(publicKey);
        if (a == null) {
            return false;
        }
        byte[] bigR = Arrays.copyOfRange(signature, 0, 32);
        MerlinTranscript t = signingTranscript(context, message);
        t.appendMessage("proto-name", "Schnorr-sig".getBytes(StandardCharsets.US_ASCII));
        t.appendMessage("sign:pk", publicKey);
        t.appendMessage("sign:R", bigR);
        Scalar k = challengeScalar(t);
        // R' = s*B - k*A; the encoding is canonical, so comparing bytes also rejects a non-canonical R.
        FixedBaseTable table = a.negatedTable();
        long[] expected = table != null
                ? VerifyEquation.compute(sBytes, k.toByteArray(), table)
                : VerifyEquation.compute(sBytes, k.toByteArray(), a.point());
        byte[] encoded = new byte[32];
        Ristretto255.encode(encoded, 0, expected);
        if (!MessageDigest.isEqual(encoded, bigR)) {
            return false;
        }
        PublicKeys.verified(publicKey, a);
        return true;
    }

    /** schnorrkel's {@code signing_context(context).bytes(message)}. */
    private static MerlinTranscript signingTranscript(byte[] context, byte[] message) {
        MerlinTranscript t;
        if (Arrays.equals(context, SubstratePrefix.CONTEXT)) {
            t = SubstratePrefix.TRANSCRIPT.copy();
        } else {
            t = new MerlinTranscript("SigningContext");
            t.appendMessage("", context);
        }
        t.appendMessage("sign-bytes", message);
        return t;
    }

    private static Scalar challengeScalar(MerlinTranscript t) {
        byte[] wide = new byte[64];
        t.challengeBytes("sign:c", wide);
        return Scalar.fromBytesModOrderWide(wide);
    }

    /** The transcript of the Substrate signing context before any message, computed once and copied. */
    private static final class SubstratePrefix {
        static final byte[] CONTEXT = SUBSTRATE_CONTEXT.clone();
        static final MerlinTranscript TRANSCRIPT = new MerlinTranscript("SigningContext");

        static {
            TRANSCRIPT.appendMessage("", CONTEXT);
        }
    }

    /** Little-endian right shift by 3 bits (the clamped key is a multiple of the cofactor 8). */
    private static void divideByCofactor(byte[] scalar) {
        int low = 0;
        for (int i = scalar.length - 1; i >= 0; i--) {
            int b = scalar[i] & 0xff;
            int r = b & 0b111;
            scalar[i] = (byte) ((b >>> 3) + low);
            low = r << 5;
        }
    }

    private static byte[] sha512(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-512", e);
        }
    }
}
