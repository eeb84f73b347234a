package io.quarry.poies.proof.pool;

import static io.quarry.poies.policy.ProofType.AI;
import static io.quarry.poies.policy.ProofType.VDF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.poies.model.ProofBody;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.policy.ProofType;
import io.quarry.poies.policy.Provider;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofRegistry;
import io.quarry.poies.proof.ProofRejection;
import io.quarry.poies.proof.ProofRejection.Reason;
import io.quarry.poies.proof.attest.AttestedKind;
import io.quarry.poies.proof.dev.DevProvider;
import io.quarry.poies.proof.dev.DevProviderKey;
import io.quarry.poies.proof.testing.Fixtures;
import io.quarry.poies.proof.testing.FixedKind;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProofPoolTest {

    private static final ProofRegistry REGISTRY = ProofRegistry.of(List.of(new FixedKind(AI), new FixedKind(VDF),
            AttestedKind.ai()));
    private static final ProofContext CONTEXT = Fixtures.context(5, Fixtures.policy(List.of()));

    @Test
    void nothingUnverifiedEntersThePool() {
        ProofPool pool = new ProofPool(REGISTRY, 8);
        ProofEnvelope honest = FixedKind.proof(AI, 300_000, "a");
        Map<String, Object> body = new LinkedHashMap<>(honest.body().asMap());
        body.put("psi", 900_000L);
        ProofEnvelope tampered = new ProofEnvelope(honest.typeId(), ProofBody.of(body), honest.nullifier());
        assertThatThrownBy(() -> pool.offer(tampered, CONTEXT)).isInstanceOf(ProofRejection.class)
                .hasMessageContaining("invalid_proof");
        assertThatThrownBy(() -> pool.offer(FixedKind.proof(ProofType.STORAGE, 300_000, "s"), CONTEXT))
                .hasMessageContaining("unknown_type");
        assertThat(pool.size()).isZero();
        assertThat(pool.version()).isZero();
        assertThat(pool.offer(honest, CONTEXT).psiMicro()).isEqualTo(300_000);
        assertThat(pool.candidates()).containsExactly(honest);
        assertThat(pool.contains(honest.nullifier())).isTrue();
    }

    @Test
    void oneProofPerNullifierTheBetterOne() {
        ProofPool pool = new ProofPool(REGISTRY, 8);
        pool.offer(FixedKind.proof(AI, 300_000, "same"), CONTEXT);
        assertThatThrownBy(() -> pool.offer(FixedKind.proof(AI, 300_000, "same"), CONTEXT))
                .isInstanceOfSatisfying(ProofRejection.class, r -> assertThat(r.reason()).isEqualTo(Reason.DUPLICATE_NULLIFIER));
        pool.offer(FixedKind.proof(AI, 400_000, "same"), CONTEXT);
        assertThat(pool.proofs()).singleElement().extracting(p -> p.psiMicro()).isEqualTo(400_000L);
    }

    @Test
    void aFullPoolGivesWayOnlyToBetterProofs() {
        ProofPool pool = new ProofPool(REGISTRY, 3);
        pool.offer(FixedKind.proof(AI, 100_000, "a"), CONTEXT);
        pool.offer(FixedKind.proof(AI, 300_000, "b"), CONTEXT);
        pool.offer(FixedKind.proof(VDF, 200_000, "c"), CONTEXT);
        assertThatThrownBy(() -> pool.offer(FixedKind.proof(AI, 100_000, "d"), CONTEXT))
                .isInstanceOfSatisfying(ProofRejection.class, r -> assertThat(r.reason()).isEqualTo(Reason.NO_ROOM));
        pool.offer(FixedKind.proof(VDF, 150_000, "e"), CONTEXT);
        assertThat(pool.proofs()).extracting(p -> p.psiMicro()).containsExactly(300_000L, 200_000L, 150_000L);
    }

    @Test
    void pruneDropsSpentProofsAndProofsWhoseAnchorLeftTheWindow(@TempDir Path dir) {
        DevProviderKey key = DevProviderKey.loadOrCreate(dir);
        Policy policy = Fixtures.policy(List.of(new Provider("dev", key.publicKey(), Set.of(AI))));
        ProofContext at5 = Fixtures.context(5, policy);
        DevProvider dev = new DevProvider(key);
        ProofPool pool = new ProofPool(REGISTRY, 8);
        ProofEnvelope anchored = dev.ai(at5, 0);
        ProofEnvelope spent = FixedKind.proof(AI, 300_000, "spent");
        ProofEnvelope kept = FixedKind.proof(AI, 300_000, "kept");
        pool.offer(anchored, at5);
        pool.offer(spent, at5);
        pool.offer(kept, at5);

        assertThat(pool.prune(Fixtures.context(6, policy), spent.nullifier()::equals)).isEqualTo(1);
        assertThat(pool.candidates()).containsExactly(anchored, kept);
        // Height 5 + the window: the parent of height 5 is out of the anchor window.
        assertThat(pool.prune(Fixtures.context(5 + policy.anchorWindow(), policy), n -> false)).isEqualTo(1);
        assertThat(pool.candidates()).containsExactly(kept);
        pool.remove(List.of(kept.nullifier()));
        assertThat(pool.size()).isZero();
    }
}
