package io.quarry.poies.policy;

import io.quarry.poies.model.Bytes;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of the provider allowlist: an Ed25519 key trusted to attest AI and/or Quantum jobs.
 *
 * @param name a label for operators and logs; not part of the policy root
 * @param publicKey the raw 32-byte Ed25519 public key
 * @param kinds the attested proof types this key may sign (a non-empty subset of AI and QUANTUM)
 */
public record Provider(String name, Bytes publicKey, Set<ProofType> kinds) {

    /** Length of a raw Ed25519 public key. */
    public static final int KEY_LENGTH = 32;

    public Provider {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(kinds, "kinds");
        if (publicKey.length() != KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, was " + publicKey.length());
        }
        if (kinds.isEmpty() || !kinds.stream().allMatch(ProofType::attested)) {
            throw new IllegalArgumentException("a provider signs a non-empty subset of [ai, quantum], was " + kinds);
        }
        kinds = Set.copyOf(EnumSet.copyOf(kinds));
    }

    /** Whether this provider may attest proofs of {@code type}. */
    public boolean mayAttest(ProofType type) {
        return kinds.contains(type);
    }
}
