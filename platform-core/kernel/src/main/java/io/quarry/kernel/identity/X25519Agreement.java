package io.quarry.kernel.identity;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * X25519 key agreement from Ed25519 identities (RFC 7748 over keys converted as RFC 8032 and RFC 7748
 * section 4.1 relate the curves): our scalar is the first half of SHA-512(seed), the peer's u-coordinate is
 * (1 + y) / (1 - y) mod 2^255 - 19 from its Edwards y. BouncyCastle computes the scalar multiplication
 * (clamping the scalar) and reports an all-zero result, which a low-order peer key gives.
 */
final class X25519Agreement {

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final Pattern NODE_ID = Pattern.compile("[0-9a-f]{64}");

    private X25519Agreement() {
    }

    static byte[] agree(PrivateKey privateKey, String peerNodeId) {
        if (peerNodeId == null || !NODE_ID.matcher(peerNodeId).matches()) {
            throw new IllegalArgumentException("a node id is 64 lowercase hex characters, was '" + peerNodeId + "'");
        }
        byte[] u = montgomeryU(HexFormat.of().parseHex(peerNodeId));
        byte[] seed = ((EdECPrivateKey) privateKey).getBytes().orElseThrow();
        byte[] scalar;
        try {
            scalar = Arrays.copyOf(MessageDigest.getInstance("SHA-512").digest(seed), 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JDK", e);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        byte[] shared = new byte[X25519.POINT_SIZE];
        try {
            if (!X25519.calculateAgreement(scalar, 0, u, 0, shared, 0)) {
                throw new IllegalArgumentException("node " + peerNodeId + " has a key that yields no usable secret");
            }
            return shared;
        } finally {
            Arrays.fill(scalar, (byte) 0);
        }
    }

    /** The little-endian u-coordinate of the Montgomery point matching a 32-byte Ed25519 public key. */
    static byte[] montgomeryU(byte[] edwards) {
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = edwards[31 - i];
        }
        be[0] &= 0x7f; // the top bit is x's sign, not part of y
        BigInteger y = new BigInteger(1, be);
        if (y.compareTo(P) >= 0 || y.equals(BigInteger.ONE)) {
            throw new IllegalArgumentException("not a usable Ed25519 public key");
        }
        BigInteger u = BigInteger.ONE.add(y).multiply(BigInteger.ONE.subtract(y).mod(P).modInverse(P)).mod(P);
        byte[] out = new byte[32];
        byte[] raw = u.toByteArray();
        for (int i = 0; i < raw.length && i < 32; i++) {
            out[i] = raw[raw.length - 1 - i];
        }
        return out;
    }
}
