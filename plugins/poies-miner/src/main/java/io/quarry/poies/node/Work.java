package io.quarry.poies.node;

import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.ProofEnvelope;
import java.util.List;
import java.util.Objects;

/**
 * One unit of work: a template ({@code docs/poies-canonical-header.md} section 1, exactly the JSON miners receive)
 * and the proof envelopes it commits to through {@code proofsRoot}, in order.
 *
 * @param template the header template
 * @param proofs the committed proofs, in {@code proofsRoot} order
 * @param psiMicro Σψ of those proofs in micro-nats, as the selector credited them under the policy
 */
public record Work(HeaderTemplate template, List<ProofEnvelope> proofs, long psiMicro) {

    public Work {
        Objects.requireNonNull(template, "template");
        proofs = List.copyOf(proofs);
        if (psiMicro < 0) {
            throw new IllegalArgumentException("psiMicro must be >= 0, was " + psiMicro);
        }
    }

    /** The template's id, which shares name. */
    public String templateId() {
        return template.templateId();
    }

    /**
     * The H(u) in micro-nats a share on this work needs to seal a block by itself: {@code max(0, Θ - Σψ)}.
     * A miner may use it to flag block-level shares; the node decides.
     */
    public long blockHMicro() {
        return Math.max(0, template.thetaMicro() - psiMicro);
    }
}
