package io.quarry.poies.proof.select;

import io.quarry.poies.model.Block;
import java.util.Objects;

/** What {@link ProofPacker#seal} made of a share: a block, or a refusal with its reason. */
public sealed interface SealOutcome {

    /**
     * A sealed block.
     *
     * @param block the block
     * @param hMicro H(u) of its share, in micro-nats
     * @param psiMicro Sigma psi of its proofs as credited, in micro-nats
     * @param credits each proof with its credit, in block order
     */
    record Sealed(Block block, long hMicro, long psiMicro, Selection credits) implements SealOutcome {

        public Sealed {
            Objects.requireNonNull(block, "block");
            Objects.requireNonNull(credits, "credits");
        }

        /** S = H(u) + Sigma psi, in micro-nats. */
        public long scoreMicro() {
            return hMicro + psiMicro;
        }
    }

    /**
     * Nothing sealed.
     *
     * @param reason why
     * @param detail the numbers or field at fault
     */
    record Refused(Reason reason, String detail) implements SealOutcome {

        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Why a share was not sealed into a block; {@link #label()} is the metric and RPC label. */
    enum Reason {
        /** The template is not for the context's chain, height and parent, or not under its policy. */
        CONTEXT_MISMATCH("context_mismatch"),
        /** The share does not belong to the template, or the proofs do not hash to its proofsRoot. */
        SHARE_MISMATCH("share_mismatch"),
        /** The share's nullifier is already spent. */
        SEEN_SHARE("seen_share"),
        /** A committed proof no longer verifies, is spent, is duplicated, adds nothing or is out of order. */
        PROOF_SET("proof_set"),
        /** S = H(u) + Sigma psi is below Theta. */
        BELOW_THETA("below_theta");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        /** The snake_case label. */
        public String label() {
            return label;
        }
    }
}
