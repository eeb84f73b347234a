package io.quarry.poies.proof;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.ProofType;
import java.util.Objects;

/**
 * A proof that passed its kind's verifier, with what it measured and what it is worth.
 *
 * @param envelope the proof as it travels
 * @param type its policy category
 * @param metrics what the verifier measured
 * @param psiMicro its psi in micro-nats, after the per-kind cap
 */
public record VerifiedProof(ProofEnvelope envelope, ProofType type, ProofMetrics metrics, long psiMicro) {

    public VerifiedProof {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(metrics, "metrics");
        if (psiMicro < 0) {
            throw new IllegalArgumentException("psi must be >= 0, was " + psiMicro);
        }
    }

    /** The proof's nullifier. */
    public Bytes nullifier() {
        return envelope.nullifier();
    }
}
