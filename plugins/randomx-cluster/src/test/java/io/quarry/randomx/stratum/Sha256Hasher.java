package io.quarry.randomx.stratum;

import io.quarry.randomx.job.ShareHasher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Test double for the RandomX engine: SHA-256 of seed hash and blob. Cheap, deterministic and keyed by the seed
 * like RandomX, so the endpoint's checks can be driven without librandomx.
 */
final class Sha256Hasher implements ShareHasher {

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
