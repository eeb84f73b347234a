package io.quarry.poies.node;

import io.quarry.poies.PoiesMinerConfig;
import io.quarry.poies.chain.ChainStore;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.proof.ProofRegistry;
import java.util.Objects;

/**
 * What a node builds its work from: the chain it extends, the policy in force, the proof kinds it knows and how
 * it chooses among them, where proofs come from, and how a header template is made.
 *
 * @param chain the opened chain
 * @param policy the policy every template commits to
 * @param registry the proof kinds this node verifies
 * @param overlay the operator's selection preferences
 * @param supply the proof pool (or another source of candidate proofs)
 * @param templates builds header templates
 */
public record WorkSources(ChainStore chain, Policy policy, ProofRegistry registry,
        PoiesMinerConfig.Selection overlay, ProofSupply supply, TemplateFactory templates) {

    public WorkSources {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(overlay, "overlay");
        Objects.requireNonNull(supply, "supply");
        Objects.requireNonNull(templates, "templates");
    }
}
