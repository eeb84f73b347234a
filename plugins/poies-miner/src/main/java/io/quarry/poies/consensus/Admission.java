package io.quarry.poies.consensus;

import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.HeaderTemplate;
import java.util.Objects;

/** The outcome of {@link ShareAdmission}: a share admitted with its exact figures, or refused with a reason. */
public sealed interface Admission {

    /** Whether the share was admitted. */
    boolean admitted();

    /**
     * An admitted share.
     *
     * @param share the share as this node computes it (its {@code d_ratio_ppm} is the exact one, even where the
     *     miner's claim was off by the one-ppm rounding allowance)
     * @param template the template it was scanned on
     * @param hMicro H(u) in micro-nats
     */
    record Admitted(HashShare share, HeaderTemplate template, long hMicro) implements Admission {

        /** Checks for nulls. */
        public Admitted {
            Objects.requireNonNull(share, "share");
            Objects.requireNonNull(template, "template");
        }

        @Override
        public boolean admitted() {
            return true;
        }

        /** Whether the share alone, with {@code psiMicro} of committed proofs, meets the template's Theta. */
        public boolean meetsTheta(long psiMicro) {
            return Score.meets(hMicro, psiMicro, template.thetaMicro());
        }
    }

    /**
     * A refused share.
     *
     * @param reason which admission step refused it
     * @param detail what was expected and what was found, for the client
     */
    record Rejected(RejectReason reason, String detail) implements Admission {

        /** Checks for nulls. */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public boolean admitted() {
            return false;
        }
    }
}
