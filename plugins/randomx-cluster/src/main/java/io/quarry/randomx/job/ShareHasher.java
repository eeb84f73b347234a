package io.quarry.randomx.job;

/**
 * Recomputes the RandomX hash of a blob, to check results that outside miners submit. The node plugs its
 * RandomX engine in here; implementations must be thread-safe (miners' submits are checked concurrently) and
 * may block while the engine re-keys to a new seed. One that cannot hash under {@code seedHash} at all (the
 * engine has moved to another key and keeps no VM for the old one) throws {@link IllegalStateException}; the
 * share is then answered "could not be verified" and not counted either way.
 */
@FunctionalInterface
public interface ShareHasher {

    /**
     * The 32-byte hash of {@code blob} under the RandomX key {@code seedHash}.
     *
     * @param seedHash the 32-byte key (the job's {@code seed_hash})
     * @param blob the hashing blob with the nonce in place
     */
    byte[] hash(byte[] seedHash, byte[] blob);
}
