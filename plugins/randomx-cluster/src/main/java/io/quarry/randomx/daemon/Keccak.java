package io.quarry.randomx.daemon;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 with the original Keccak padding (0x01 ... 0x80), which Monero calls {@code cn_fast_hash}; not
 * SHA3-256, which pads with 0x06 (FIPS 202) and is all the JDK offers. BouncyCastle is on the kernel class path.
 */
final class Keccak {

    private Keccak() {
    }

    /** Monero's {@code cn_fast_hash}: Keccak-256 of {@code data}. */
    static byte[] hash256(byte[] data) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(data, 0, data.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }
}
