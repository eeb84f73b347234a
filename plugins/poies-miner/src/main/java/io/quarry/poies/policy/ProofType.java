package io.quarry.poies.policy;

import java.util.Optional;

/**
 * The five categories of PoIES proof that the policy caps separately (the metrics use the same names
 * for {@code animica_miner_selected_proofs_total{type}}). The declaration order is the canonical order: it is
 * the order caps are encoded in the policy root and the order ties between types are broken in.
 */
public enum ProofType {
    /** HashShares attached as proofs (the block's own share is counted as H(u), not as a proof). */
    HASH("hash"),
    /** Attested AI inference jobs. */
    AI("ai"),
    /** Attested quantum (or simulated) circuit runs. */
    QUANTUM("quantum"),
    /** Proofs of storage over data the prover holds. */
    STORAGE("storage"),
    /** Wesolowski verifiable delay functions. */
    VDF("vdf");

    private final String key;

    ProofType(String key) {
        this.key = key;
    }

    /** The lowercase name used in policy files, metrics and type ids ({@code "vdf"}). */
    public String key() {
        return key;
    }

    /** The type whose {@link #key()} is {@code key}, if any. */
    public static Optional<ProofType> fromKey(String key) {
        for (ProofType type : values()) {
            if (type.key.equals(key)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Whether proofs of this type are attested by an allowlisted provider rather than checked outright. */
    public boolean attested() {
        return this == AI || this == QUANTUM;
    }
}
