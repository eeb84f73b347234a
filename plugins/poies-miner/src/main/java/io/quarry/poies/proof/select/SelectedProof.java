package io.quarry.poies.proof.select;

import io.quarry.poies.proof.VerifiedProof;
import java.util.Objects;

/**
 * A proof in a selected set, with the psi it is credited under the policy (at most its own psi: caps, Gamma
 * and the escort rule may credit less).
 *
 * @param proof the verified proof
 * @param creditedMicro its credit in micro-nats, {@code 1..proof.psiMicro()}
 */
public record SelectedProof(VerifiedProof proof, long creditedMicro) {

    public SelectedProof {
        Objects.requireNonNull(proof, "proof");
        if (creditedMicro < 0 || creditedMicro > proof.psiMicro()) {
            throw new IllegalArgumentException("credit " + creditedMicro + " outside [0, " + proof.psiMicro() + "]");
        }
    }
}
