package io.quarry.poies.proof;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofEnvelope;
import java.util.Objects;

/**
 * Why a proof was not accepted: a {@link Reason} (a stable label for metrics and RPC answers) and a detail that
 * names the field or number at fault ({@code body.iterations: 12 is below the minimum 4096}).
 */
public final class ProofRejection extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a proof is refused; {@link #label()} is the metric label. */
    public enum Reason {
        /** No kind is registered for the envelope's type id. */
        UNKNOWN_TYPE("unknown_type"),
        /** The body does not have the kind's shape (missing, extra or mistyped members, bad lengths). */
        SCHEMA("schema"),
        /** The envelope's nullifier is not the one the body gives. */
        NULLIFIER_MISMATCH("nullifier_mismatch"),
        /** The proof is for another chain. */
        WRONG_CHAIN("wrong_chain"),
        /** The proof is anchored to a block outside the policy's anchor window (or not on this chain). */
        STALE_ANCHOR("stale_anchor"),
        /** A parameter is outside the kind's bounds (too few iterations, too small a tree, ...). */
        OUT_OF_BOUNDS("out_of_bounds"),
        /** The provider is not on the allowlist for this kind. */
        PROVIDER_NOT_ALLOWED("provider_not_allowed"),
        /** The provider's signature does not verify. */
        BAD_SIGNATURE("bad_signature"),
        /** Too few traps, or too small a share of them passed. */
        TRAP_RATIO("trap_ratio"),
        /** The cryptographic check itself failed (VDF equation, Merkle path, share digest). */
        INVALID_PROOF("invalid_proof"),
        /** Worth less psi than the policy's minimum per proof. */
        BELOW_MIN_PSI("below_min_psi"),
        /** Another proof in the same set carries the same nullifier. */
        DUPLICATE_NULLIFIER("duplicate_nullifier"),
        /** The nullifier was already spent on this chain. */
        SEEN_NULLIFIER("seen_nullifier"),
        /** Valid, but the caps, Gamma or the proof count leave it nothing to add. */
        NO_ROOM("no_room"),
        /** A block lists its proofs out of the canonical order. */
        OUT_OF_ORDER("out_of_order");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        /** The snake_case label used in metrics and RPC answers. */
        public String label() {
            return label;
        }
    }

    private final Reason reason;
    private final String detail;

    /** A rejection for {@code reason}, explained by {@code detail}. */
    public ProofRejection(Reason reason, String detail) {
        super(Objects.requireNonNull(reason, "reason").label() + ": " + Objects.requireNonNull(detail, "detail"),
                null, false, false);
        this.reason = reason;
        this.detail = detail;
    }

    /**
     * Rejects an envelope whose nullifier is not {@code expected}, the one its kind derives from the body.
     *
     * @throws ProofRejection with {@link Reason#NULLIFIER_MISMATCH}
     */
    public static void requireNullifier(ProofEnvelope envelope, Bytes expected) {
        if (!envelope.nullifier().equals(expected)) {
            throw new ProofRejection(Reason.NULLIFIER_MISMATCH, "nullifier " + envelope.nullifier()
                    + " is not the one the body gives (" + expected + ")");
        }
    }

    /** The reason. */
    public Reason reason() {
        return reason;
    }

    /** The detail. */
    public String detail() {
        return detail;
    }
}
