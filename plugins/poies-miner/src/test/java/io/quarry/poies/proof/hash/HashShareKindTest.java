package io.quarry.poies.proof.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.poies.hash.UDraw;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.ProofBody;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.policy.ProofType;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofRegistry;
import io.quarry.poies.proof.ProofRejection;
import io.quarry.poies.proof.ProofRejection.Reason;
import io.quarry.poies.proof.VerifiedProof;
import io.quarry.poies.proof.testing.Fixtures;
import io.quarry.poies.proof.testing.Templates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HashShareKindTest {

    private static final Policy POLICY = Fixtures.policy(List.of());
    private static final ProofContext CONTEXT = Fixtures.context(30, POLICY);
    private static final HeaderTemplate SIBLING = Templates.template(CONTEXT, List.of(), 5_000_000, "sibling");
    private static final HeaderTemplate OLD = Templates.template(Fixtures.context(29, POLICY), List.of(), 5_000_000, "old");
    private static final Map<String, HeaderTemplate> KNOWN = Map.of("sibling", SIBLING, "old", OLD);
    private static final ProofRegistry REGISTRY = ProofRegistry.of(List.of(
            new HashShareKind(id -> Optional.ofNullable(KNOWN.get(id)))));

    private static HashShare deepShare(HeaderTemplate template) {
        for (long nonce = 0; ; nonce++) {
            HashShare share = UDraw.share(template, nonce);
            if (UDraw.hMicro(share.u()) >= 200_000) {
                return share;
            }
        }
    }

    @Test
    void shareOnASiblingTemplateVerifiesAndIsWorthItsHCapped() {
        HashShare share = deepShare(SIBLING);
        VerifiedProof proof = REGISTRY.verify(share.toEnvelope(), CONTEXT);
        assertThat(proof.type()).isEqualTo(ProofType.HASH);
        assertThat(proof.metrics()).isEqualTo(new HashShareMetrics(UDraw.hMicro(share.u()), share.dRatioPpm()));
        assertThat(proof.psiMicro()).isEqualTo(HashShareKind.MAX_PSI_MICRO);
    }

    @Test
    void forgedOrMisplacedSharesFail() {
        HashShare share = deepShare(SIBLING);
        ProofEnvelope envelope = share.toEnvelope();
        assertRejected(with(envelope, "nonce", "0x00000000000000ff"), Reason.INVALID_PROOF);
        assertRejected(with(envelope, "d_ratio_ppm", share.dRatioPpm() + 1), Reason.INVALID_PROOF);
        assertRejected(with(envelope, "templateId", "unknown"), Reason.STALE_ANCHOR);
        assertRejected(deepShare(OLD).toEnvelope(), Reason.STALE_ANCHOR);
        assertRejected(new ProofEnvelope(envelope.typeId(), envelope.body(), Fixtures.hash("x")), Reason.NULLIFIER_MISMATCH);
        assertRejected(with(envelope, "u", "0x1234"), Reason.SCHEMA);
    }

    private static ProofEnvelope with(ProofEnvelope envelope, String key, Object value) {
        Map<String, Object> members = new LinkedHashMap<>(envelope.body().asMap());
        members.put(key, value);
        return new ProofEnvelope(envelope.typeId(), ProofBody.of(members), envelope.nullifier());
    }

    private static void assertRejected(ProofEnvelope envelope, Reason reason) {
        assertThatThrownBy(() -> REGISTRY.verify(envelope, CONTEXT)).isInstanceOf(ProofRejection.class)
                .extracting(e -> ((ProofRejection) e).reason()).isEqualTo(reason);
    }
}
