package io.quarry.poies.proof.select;

import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.proof.ProofRejection;
import java.util.Objects;

/**
 * A candidate the selector left out, and why.
 *
 * @param envelope the candidate
 * @param rejection why it is not in the set
 */
public record DroppedProof(ProofEnvelope envelope, ProofRejection rejection) {

    public DroppedProof {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(rejection, "rejection");
    }
}
