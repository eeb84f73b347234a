package io.quarry.randomx.cluster;

import io.quarry.randomx.job.ShareHasher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Test double for the RandomX engine: SHA-256 of seed and blob, keyed by the seed like RandomX. */
final class Sha256TestHasher implements ShareHasher {

    @Override
    public byte[] hash(byte[] seedHash, byte[] blob) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(seedHash);
            return digest.digest(blob);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
