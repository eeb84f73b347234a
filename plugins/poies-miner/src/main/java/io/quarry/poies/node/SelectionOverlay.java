package io.quarry.poies.node;

import io.quarry.poies.PoiesMinerConfig;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.policy.ProofType;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofRejection;
import io.quarry.poies.proof.select.ProofPacker;
import io.quarry.poies.proof.select.ProofSelector;
import io.quarry.poies.proof.select.Selection;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proof selection for templates under the network policy and the operator's local overlay
 * ({@code [poies-miner.selection]}, a selection policy overlay). The overlay can only tighten: the
 * selector runs under a copy of the policy whose Γ and per-type caps are the smaller of the two, the chosen
 * list is cut to the local {@code max_proofs} (a prefix of the canonical order keeps every earlier credit), and
 * the set is then credited by the packer under the network policy, exactly as it will be at sealing.
 */
final class SelectionOverlay {

    private static final Logger LOG = LoggerFactory.getLogger(SelectionOverlay.class);

    private final ProofSelector selector;
    private final ProofPacker packer;
    private final PoiesMinerConfig.Selection local;

    SelectionOverlay(ProofSelector selector, ProofPacker packer, PoiesMinerConfig.Selection local) {
        this.selector = Objects.requireNonNull(selector, "selector");
        this.packer = Objects.requireNonNull(packer, "packer");
        this.local = Objects.requireNonNull(local, "local");
    }

    /** The set a template in {@code network} commits to, credited under the network policy. */
    Selection select(Collection<ProofEnvelope> candidates, ProofContext network, Predicate<Bytes> spent) {
        Policy tight = tighten(network.policy());
        ProofContext context = tight == network.policy() ? network : new ProofContext(network.chainId(),
                network.height(), network.parentHash(), network.anchors(), tight);
        Selection chosen = selector.select(candidates, context, spent);
        List<ProofEnvelope> envelopes = chosen.envelopes();
        if (local.maxProofs() > 0 && envelopes.size() > local.maxProofs()) {
            envelopes = envelopes.subList(0, local.maxProofs());
        }
        if (tight == network.policy() && envelopes.size() == chosen.selected().size()) {
            return chosen;
        }
        try {
            return packer.checkProofs(envelopes, network, spent);
        } catch (ProofRejection e) {
            // Cannot happen for a set chosen under tighter rules; attach nothing rather than a set the packer refuses.
            LOG.error("a proof set chosen under the local overlay fails the network policy ({}); attaching none",
                    e.getMessage());
            return packer.checkProofs(List.of(), network, spent);
        }
    }

    /** The policy with the overlay's tighter Γ and caps, or {@code policy} itself when nothing tightens. */
    Policy tighten(Policy policy) {
        long gamma = policy.gammaCapMicro();
        if (local.gammaCap() > 0) {
            long localGamma = Math.round(local.gammaCap() * Policy.MICRO);
            gamma = Math.max(policy.minProofPsiMicro(), Math.min(gamma, localGamma));
        }
        Map<ProofType, Long> caps = new EnumMap<>(ProofType.class);
        boolean changed = gamma != policy.gammaCapMicro();
        for (ProofType type : ProofType.values()) {
            long cap = Math.min(policy.capMicro(type), gamma);
            Double localCap = local.typeCaps().get(type.key());
            if (localCap != null) {
                cap = Math.min(cap, Math.round(localCap * Policy.MICRO));
            }
            changed |= cap != policy.capMicro(type);
            caps.put(type, cap);
        }
        if (!changed) {
            return policy;
        }
        return new Policy(policy.version(), gamma, caps, policy.escortQPpm(), policy.minTrapRatioPpm(),
                policy.minTraps(), policy.minProofPsiMicro(), policy.maxProofs(), policy.anchorWindow(),
                policy.providers());
    }
}
