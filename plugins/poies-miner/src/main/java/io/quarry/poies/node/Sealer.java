package io.quarry.poies.node;

import io.quarry.poies.chain.BlockSummary;
import io.quarry.poies.chain.ChainStore;
import io.quarry.poies.chain.Seal;
import io.quarry.poies.model.Block;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.select.ProofPacker;
import io.quarry.poies.proof.select.SealOutcome;
import io.quarry.poies.proof.select.SelectedProof;
import io.quarry.poies.target.ThetaSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of selection ({@code docs/poies-proofs.md} section 5): for an admitted share whose H(u) plus its
 * template's Σψ reaches Θ, the packer re-verifies the template's proofs in the chain's current context (validity,
 * caps, Γ, fairness, freshness) and recomputes {@code S = H(u) + Σψ}; only a block it seals is appended, with the Θ
 * the retarget gives the next block. Callers hold the node's chain lock.
 */
final class Sealer {

    private static final Logger LOG = LoggerFactory.getLogger(Sealer.class);

    private final ChainStore chain;
    private final ProofPacker packer;
    private final ThetaSchedule theta;
    private final PoiesMetrics metrics;
    private final Function<ChainStore.Head, ProofContext> contexts;

    Sealer(ChainStore chain, ProofPacker packer, ThetaSchedule theta, PoiesMetrics metrics,
            Function<ChainStore.Head, ProofContext> contexts) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.packer = Objects.requireNonNull(packer, "packer");
        this.theta = Objects.requireNonNull(theta, "theta");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
    }

    /** What sealing made of a share: the block, or why there is none. */
    record Outcome(Block block, String refusal) {
    }

    /** Tries to seal {@code admitted} on the head. */
    Outcome seal(Admission.Admitted admitted) {
        HeaderTemplate template = admitted.entry().work().template();
        ChainStore.Head head = chain.head();
        if (!head.hash().equals(template.parentHash())) {
            return new Outcome(null, "template " + template.templateId() + " is no longer on the head");
        }
        ProofContext context = contexts.apply(head);
        SealOutcome outcome = packer.seal(template, admitted.share(), admitted.entry().work().proofs(), context,
                chain::isUsed);
        if (outcome instanceof SealOutcome.Refused refused) {
            if (refused.reason() != SealOutcome.Reason.BELOW_THETA) {
                LOG.warn("template {} could not be sealed: {} ({})", template.templateId(), refused.reason().label(),
                        refused.detail());
            }
            return new Outcome(null, refused.reason().label() + ": " + refused.detail());
        }
        SealOutcome.Sealed sealed = (SealOutcome.Sealed) outcome;
        Block block = sealed.block();
        List<Seal.Credit> credits = new ArrayList<>();
        for (SelectedProof proof : sealed.credits().selected()) {
            credits.add(new Seal.Credit(proof.proof().type().key(), proof.creditedMicro()));
        }
        Seal seal = new Seal(sealed.hMicro(), credits);
        List<BlockSummary> recent = new ArrayList<>(chain.recent(Math.max(0, theta.window() - 1)));
        recent.add(new BlockSummary(block.height(), block.hash(), template.time(), template.thetaMicro()));
        long next = theta.nextThetaMicro(recent);
        chain.append(block, seal, next);
        metrics.blockSealed(credits.stream().map(Seal.Credit::type).toList());
        LOG.info("sealed block {} {}: S = {} + {} = {} micro-nats >= Θ {}, proofs {}; next Θ {}", block.height(),
                block.hash(), sealed.hMicro(), sealed.psiMicro(), sealed.scoreMicro(), template.thetaMicro(),
                credits.stream().map(c -> c.type() + ":" + c.psiMicro()).toList(), next);
        return new Outcome(block, null);
    }
}
