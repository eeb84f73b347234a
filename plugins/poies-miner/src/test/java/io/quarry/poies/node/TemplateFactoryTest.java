package io.quarry.poies.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.poies.chain.TestChain;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.MerkleRoot;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.policy.PolicyLoader;
import io.quarry.poies.policy.ProviderKeyResolver;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateFactoryTest {

    private final Policy policy = PolicyLoader.devPolicy(ProviderKeyResolver.of(Map.of(
            ProviderKeyResolver.LOCAL_DEV_PROVIDER, TestChain.filled(7))));
    private final InstantSource clock = InstantSource.fixed(Instant.ofEpochSecond(1_800_000_000L));
    private final TemplateFactory factory = new TemplateFactory(42, "anim1abc", clock, new SecureRandom());

    @Test
    void buildsTheChildOfTheHeadCommittingToTheProofs() {
        List<ProofEnvelope> proofs = List.of(TestChain.proof(1), TestChain.proof(2));
        HeaderTemplate t = factory.build(9, TestChain.filled(4), 1_799_999_990L, 5_000_000, policy, proofs);
        assertThat(t.chainId()).isEqualTo(42);
        assertThat(t.height()).isEqualTo(10);
        assertThat(t.parentHash()).isEqualTo(TestChain.filled(4));
        assertThat(t.proofsRoot()).isEqualTo(MerkleRoot.ofProofs(proofs));
        assertThat(t.txsRoot()).isEqualTo(MerkleRoot.EMPTY);
        assertThat(t.stateRoot()).isEqualTo(Bytes.ZERO32);
        assertThat(t.params()).isEqualTo(new HeaderTemplate.Params(5_000_000, policy.gammaCapMicro(),
                policy.escortQPpm()));
        assertThat(t.policyRoots().poiesPolicy()).isEqualTo(policy.policyRoot());
        assertThat(t.policyRoots().algPolicy()).isEqualTo(TemplateFactory.ALG_POLICY_ROOT);
        assertThat(t.nonceDomain().uDomainTag()).isEqualTo(HeaderTemplate.NonceDomain.U_DOMAIN_TAG_V1);
        assertThat(t.time()).isEqualTo(1_800_000_000L);
        assertThat(t.coinbase()).isEqualTo("anim1abc");
        assertThat(t.templateId()).startsWith("h10-");
    }

    @Test
    void everyTemplateHasItsOwnIdAndMixSeedAndNeverPrecedesItsParent() {
        HeaderTemplate a = factory.build(1, TestChain.filled(4), 1_900_000_000L, 5_000_000, policy, List.of());
        HeaderTemplate b = factory.build(1, TestChain.filled(4), 1_900_000_000L, 5_000_000, policy, List.of());
        assertThat(a.templateId()).isNotEqualTo(b.templateId());
        assertThat(a.mixSeed()).isNotEqualTo(b.mixSeed());
        assertThat(a.time()).isEqualTo(1_900_000_000L);
    }
}
