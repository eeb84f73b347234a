package io.quarry.poies.model;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Reference Keccak (the original padding, as in Ethereum, not NIST SHA-3) from BouncyCastle: the definition
 * every other digest in this plugin is checked against. The nonce scanner has its own faster permutation
 * ({@code io.quarry.poies.hash}); everything else hashes here.
 */
public final class Keccak {

    private Keccak() {
    }

    /** Keccak-256 of the concatenation of {@code parts}. */
    public static byte[] keccak256(byte[]... parts) {
        return digest(256, parts);
    }

    /** Keccak-512 of the concatenation of {@code parts}. */
    public static byte[] keccak512(byte[]... parts) {
        return digest(512, parts);
    }

    private static byte[] digest(int bits, byte[]... parts) {
        KeccakDigest digest = new KeccakDigest(bits);
        for (byte[] part : parts) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[bits / 8];
        digest.doFinal(out, 0);
        return out;
    }
}
