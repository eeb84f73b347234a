package io.quarry.poies.proof.select;

import io.quarry.poies.hash.UDraw;
import io.quarry.poies.model.Block;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.model.SchemaException;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofRegistry;
import io.quarry.poies.proof.ProofRejection;
import io.quarry.poies.proof.VerifiedProof;
import io.quarry.poies.proof.select.SealOutcome.Reason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The header packer ({@code docs/poies-proofs.md} section 5): re-checks the proof set a template committed to and
 * seals a share into a block only when {@code S = H(u) + Sigma psi >= Theta}.
 *
 * <p>{@link #checkProofs} is the consensus rule for a block's proofs: at most {@code maxProofs}, each valid in
 * the context, nullifiers distinct and unspent, listed in the canonical order of {@link Allocation}, and each
 * credited more than zero (no padding). A set the {@link ProofSelector} chose passes it with the same credits.
 * Stateless and thread-safe.
 */
public final class ProofPacker {

    private final ProofRegistry registry;

    /** A packer verifying with {@code registry}. */
    public ProofPacker(ProofRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Seals {@code share}, found on {@code template}, with the template's committed {@code proofs}.
     *
     * @param context the chain and policy the template was built in
     * @param seen whether a nullifier is already spent on this chain
     */
    public SealOutcome seal(HeaderTemplate template, HashShare share, List<ProofEnvelope> proofs, ProofContext context,
            Predicate<Bytes> seen) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(proofs, "proofs");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(seen, "seen");
        String mismatch = contextMismatch(template, context);
        if (mismatch != null) {
            return new SealOutcome.Refused(Reason.CONTEXT_MISMATCH, mismatch);
        }
        Block block;
        try {
            block = Block.seal(template, share, proofs);
        } catch (SchemaException e) {
            return new SealOutcome.Refused(Reason.SHARE_MISMATCH, e.getMessage());
        }
        if (seen.test(share.nullifier())) {
            return new SealOutcome.Refused(Reason.SEEN_SHARE, "share nullifier " + share.nullifier() + " is spent");
        }
        Selection credits;
        try {
            credits = checkProofs(proofs, context, seen);
        } catch (ProofRejection rejection) {
            return new SealOutcome.Refused(Reason.PROOF_SET, rejection.getMessage());
        }
        long h = UDraw.hMicro(share.u());
        long score = h + credits.psiMicro();
        if (score < template.thetaMicro()) {
            return new SealOutcome.Refused(Reason.BELOW_THETA, "S = H(u) " + Policy.nats(h) + " + psi "
                    + Policy.nats(credits.psiMicro()) + " = " + Policy.nats(score) + " nats < Theta "
                    + Policy.nats(template.thetaMicro()));
        }
        return new SealOutcome.Sealed(block, h, credits.psiMicro(), credits);
    }

    /**
     * Checks a block's proof list and credits it.
     *
     * @return the proofs with their credits, in the given (canonical) order
     * @throws ProofRejection naming the proof (by index) and what is wrong with it
     */
    public Selection checkProofs(List<ProofEnvelope> proofs, ProofContext context, Predicate<Bytes> seen) {
        Policy policy = context.policy();
        if (proofs.size() > policy.maxProofs()) {
            throw new ProofRejection(ProofRejection.Reason.NO_ROOM, proofs.size() + " proofs, the policy allows "
                    + policy.maxProofs());
        }
        List<VerifiedProof> verified = new ArrayList<>(proofs.size());
        Set<Bytes> nullifiers = new HashSet<>();
        for (int i = 0; i < proofs.size(); i++) {
            ProofEnvelope envelope = proofs.get(i);
            if (!nullifiers.add(envelope.nullifier())) {
                throw new ProofRejection(ProofRejection.Reason.DUPLICATE_NULLIFIER, "proofs[" + i + "]: nullifier "
                        + envelope.nullifier() + " appears twice");
            }
            if (seen.test(envelope.nullifier())) {
                throw new ProofRejection(ProofRejection.Reason.SEEN_NULLIFIER, "proofs[" + i + "]: nullifier "
                        + envelope.nullifier() + " is already spent");
            }
            try {
                verified.add(registry.verify(envelope, context));
            } catch (ProofRejection rejection) {
                throw new ProofRejection(rejection.reason(), "proofs[" + i + "]: " + rejection.detail());
            }
        }
        Allocation allocation = Allocation.of(verified, policy);
        List<SelectedProof> credits = allocation.credits();
        for (int i = 0; i < credits.size(); i++) {
            if (credits.get(i).proof() != verified.get(i)) {
                throw new ProofRejection(ProofRejection.Reason.OUT_OF_ORDER, "proofs[" + i + "]: not in canonical order"
                        + " (psi descending, then type, then nullifier)");
            }
            if (credits.get(i).creditedMicro() == 0) {
                throw new ProofRejection(ProofRejection.Reason.NO_ROOM, "proofs[" + i + "]: adds nothing under the"
                        + " caps, Gamma and maxProofs");
            }
        }
        return new Selection(credits, allocation.totalMicro(), allocation.byType(), List.of());
    }

    private static String contextMismatch(HeaderTemplate template, ProofContext context) {
        Policy policy = context.policy();
        if (template.chainId() != context.chainId() || template.height() != context.height()
                || !template.parentHash().equals(context.parentHash())) {
            return "template is for chain " + template.chainId() + " height " + template.height() + " parent "
                    + template.parentHash() + ", the context for chain " + context.chainId() + " height "
                    + context.height() + " parent " + context.parentHash();
        }
        if (!template.policyRoots().poiesPolicy().equals(policy.policyRoot())
                || template.params().gammaCapMicro() != policy.gammaCapMicro()
                || template.params().escortQMicro() != policy.escortQPpm()) {
            return "template commits to policy " + template.policyRoots().poiesPolicy() + " (Gamma "
                    + Policy.nats(template.params().gammaCapMicro()) + ", q " + Policy.nats(template.params().escortQMicro())
                    + "), the policy in force is " + policy.policyRoot();
        }
        return null;
    }
}
