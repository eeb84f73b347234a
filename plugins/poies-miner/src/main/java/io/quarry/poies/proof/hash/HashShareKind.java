package io.quarry.poies.proof.hash;

import io.quarry.poies.hash.UDraw;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.model.ShareDigest;
import io.quarry.poies.policy.ProofType;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofKind;
import io.quarry.poies.proof.ProofRejection;
import io.quarry.poies.proof.ProofRejection.Reason;
import java.util.Objects;

/**
 * {@code hashshare:v1} attached as a proof: a share found on a sibling template (same chain, height and parent,
 * an earlier proof set) counts toward the block that finally seals. The share that seals a block is not a
 * proof: its H(u) is the first term of S.
 *
 * <p>Verification recomputes the share from its template, which the node looks up by {@code templateId}
 * ({@link ShareTemplates}): the digest, u, the nullifier and {@code d_ratio_ppm} must all be what the template
 * and nonce give. psi = H(u) of the share, at most {@value #MAX_PSI_MICRO} micro-nats per share: a share of
 * depth t is e^t hashes of evidence, but adding nats of independent shares would overstate it, so each
 * counts for little and the policy's hash cap bounds the sum.
 *
 * <p>Other nodes can check such a proof only while they know the sibling template; on the single-node dev chain
 * the node that serves the templates is the one that checks them.
 */
public final class HashShareKind implements ProofKind<HashShareMetrics> {

    /** Per-share cap, in micro-nats. */
    public static final long MAX_PSI_MICRO = 100_000;

    private final ShareTemplates templates;

    /** A kind that finds share templates through {@code templates}. */
    public HashShareKind(ShareTemplates templates) {
        this.templates = Objects.requireNonNull(templates, "templates");
    }

    @Override
    public String typeId() {
        return HashShare.TYPE_ID;
    }

    @Override
    public ProofType type() {
        return ProofType.HASH;
    }

    @Override
    public long maxPsiMicro() {
        return MAX_PSI_MICRO;
    }

    @Override
    public HashShareMetrics verify(ProofEnvelope envelope, ProofContext context) {
        HashShare share = HashShare.fromEnvelope(envelope);
        ProofRejection.requireNullifier(envelope, HashShare.nullifierFor(share.keccak()));
        HeaderTemplate template = templates.template(share.templateId()).orElseThrow(() -> new ProofRejection(
                Reason.STALE_ANCHOR, "body.templateId " + share.templateId() + " is not a template this node knows"));
        if (template.chainId() != context.chainId()) {
            throw new ProofRejection(Reason.WRONG_CHAIN, "the share's template is for chain " + template.chainId());
        }
        if (template.height() != context.height() || !template.parentHash().equals(context.parentHash())) {
            throw new ProofRejection(Reason.STALE_ANCHOR, "the share's template builds height " + template.height()
                    + " on " + template.parentHash() + ", not height " + context.height() + " on " + context.parentHash());
        }
        Bytes digest = ShareDigest.compute(template, share.nonce());
        if (!digest.equals(share.keccak()) || !ShareDigest.u(digest).equals(share.u())
                || !template.mixSeed().equals(share.mixSeed())) {
            throw new ProofRejection(Reason.INVALID_PROOF, "body.keccak, body.u or body.mixSeed is not what the"
                    + " template and nonce give");
        }
        long h = UDraw.hMicro(share.u());
        long dRatio = UDraw.dRatioPpm(h, template.thetaMicro());
        if (dRatio != share.dRatioPpm()) {
            throw new ProofRejection(Reason.INVALID_PROOF, "body.d_ratio_ppm is " + share.dRatioPpm() + ", the share"
                    + " gives " + dRatio);
        }
        return new HashShareMetrics(h, dRatio);
    }

    @Override
    public long psiMicro(HashShareMetrics metrics) {
        return Math.min(MAX_PSI_MICRO, metrics.hMicro());
    }
}
