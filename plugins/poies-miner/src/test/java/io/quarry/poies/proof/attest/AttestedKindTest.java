package io.quarry.poies.proof.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofBody;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.policy.ProofType;
import io.quarry.poies.policy.Provider;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofRegistry;
import io.quarry.poies.proof.ProofRejection;
import io.quarry.poies.proof.ProofRejection.Reason;
import io.quarry.poies.proof.dev.DevProviderKey;
import io.quarry.poies.proof.testing.Fixtures;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttestedKindTest {

    private static DevProviderKey aiProvider;
    private static DevProviderKey outsider;
    private static ProofContext context;
    private static final ProofRegistry REGISTRY = ProofRegistry.of(List.of(AttestedKind.ai(), AttestedKind.quantum()));

    @BeforeAll
    static void keys(@TempDir Path dir) {
        aiProvider = DevProviderKey.loadOrCreate(dir.resolve("a"));
        outsider = DevProviderKey.loadOrCreate(dir.resolve("b"));
        Policy policy = Fixtures.policy(List.of(new Provider("lab", aiProvider.publicKey(), Set.of(ProofType.AI))));
        context = Fixtures.context(9, policy);
    }

    private static ProofEnvelope attest(DevProviderKey signer, String typeId, long units, long traps, long passed) {
        return Attestation.sign(signer, typeId, Fixtures.CHAIN_ID, context.parentHash(), Fixtures.hash("job"),
                Fixtures.hash("result"), units, traps, passed).toEnvelope(Fixtures.CHAIN_ID);
    }

    @Test
    void allowlistedSignedAttestationVerifiesAndIsWorthItsWorkTimesItsTrapScore() {
        ProofEnvelope envelope = attest(aiProvider, AttestedKind.AI_TYPE_ID, 40, 10, 9);
        var proof = REGISTRY.verify(envelope, context);
        assertThat(proof.type()).isEqualTo(ProofType.AI);
        assertThat(proof.metrics()).isEqualTo(new AttestedMetrics(40, 10, 9));
        assertThat(proof.psiMicro()).isEqualTo(40 * 10_000 * 9 / 10);
        assertThat(REGISTRY.verify(attest(aiProvider, AttestedKind.AI_TYPE_ID, 1000, 10, 10), context).psiMicro())
                .isEqualTo(500_000);
    }

    @Test
    void providerMustBeAllowlistedForTheKind() {
        assertRejected(attest(outsider, AttestedKind.AI_TYPE_ID, 40, 10, 10), Reason.PROVIDER_NOT_ALLOWED,
                "is not on the allowlist");
        assertRejected(attest(aiProvider, AttestedKind.QUANTUM_TYPE_ID, 40, 10, 10), Reason.PROVIDER_NOT_ALLOWED,
                "may attest [AI], not quantum");
    }

    @Test
    void signatureMustCoverEveryField() {
        ProofEnvelope valid = attest(aiProvider, AttestedKind.AI_TYPE_ID, 40, 10, 10);
        assertRejected(with(valid, "units", 400L), Reason.BAD_SIGNATURE, "does not verify");
        assertRejected(with(valid, "trapsPassed", 9L), Reason.BAD_SIGNATURE, "does not verify");
        assertRejected(with(valid, "result", Fixtures.hash("other result").toString()), Reason.BAD_SIGNATURE, "");
        byte[] signature = valid.body().hex("signature", 64).toArray();
        signature[3] ^= 4;
        assertRejected(with(valid, "signature", Bytes.of(signature).toString()), Reason.BAD_SIGNATURE, "");
    }

    @Test
    void signatureIsBoundToTheChain() {
        ProofEnvelope valid = attest(aiProvider, AttestedKind.AI_TYPE_ID, 40, 10, 10);
        ProofContext otherChain = new ProofContext(Fixtures.CHAIN_ID + 1, context.height(), context.parentHash(),
                context.anchors(), context.policy());
        ProofEnvelope renamed = new ProofEnvelope(valid.typeId(), valid.body(), Attestation.nullifier(
                valid.typeId(), Fixtures.CHAIN_ID + 1, aiProvider.publicKey(), Fixtures.hash("job")));
        assertThatThrownBy(() -> REGISTRY.verify(renamed, otherChain)).isInstanceOf(ProofRejection.class)
                .extracting(e -> ((ProofRejection) e).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void trapRatioAndCountFollowThePolicy() {
        // The policy asks for at least 4 traps and 0.9 of them passed.
        assertThat(REGISTRY.verify(attest(aiProvider, AttestedKind.AI_TYPE_ID, 40, 10, 9), context)).isNotNull();
        assertRejected(attest(aiProvider, AttestedKind.AI_TYPE_ID, 40, 10, 8), Reason.TRAP_RATIO,
                "8 of 10 traps passed, below the policy's minimum ratio 0.9");
        assertRejected(attest(aiProvider, AttestedKind.AI_TYPE_ID, 40, 3, 3), Reason.TRAP_RATIO,
                "3 traps, the policy wants at least 4");
        assertRejected(attest(aiProvider, AttestedKind.AI_TYPE_ID, 40, 10, 11), Reason.OUT_OF_BOUNDS, "trapsPassed 11");
        assertRejected(attest(aiProvider, AttestedKind.AI_TYPE_ID, 0, 10, 10), Reason.OUT_OF_BOUNDS, "body.units: 0");
    }

    @Test
    void anchorMustBeRecent() {
        ProofEnvelope stale = Attestation.sign(aiProvider, AttestedKind.AI_TYPE_ID, Fixtures.CHAIN_ID,
                Fixtures.hash("long ago"), Fixtures.hash("job"), Fixtures.hash("result"), 40, 10, 10)
                .toEnvelope(Fixtures.CHAIN_ID);
        assertRejected(stale, Reason.STALE_ANCHOR, "body.anchor");
    }

    @Test
    void nullifierIsPerProviderAndJobSoTheSameJobCannotCountTwice() {
        ProofEnvelope first = attest(aiProvider, AttestedKind.AI_TYPE_ID, 40, 10, 10);
        ProofEnvelope again = Attestation.sign(aiProvider, AttestedKind.AI_TYPE_ID, Fixtures.CHAIN_ID,
                context.parentHash(), Fixtures.hash("job"), Fixtures.hash("a different result"), 41, 10, 10)
                .toEnvelope(Fixtures.CHAIN_ID);
        assertThat(again.nullifier()).isEqualTo(first.nullifier());
        assertRejected(new ProofEnvelope(first.typeId(), first.body(), Fixtures.hash("x")), Reason.NULLIFIER_MISMATCH, "");
    }

    private static ProofEnvelope with(ProofEnvelope envelope, String key, Object value) {
        Map<String, Object> members = new LinkedHashMap<>(envelope.body().asMap());
        members.put(key, value);
        return new ProofEnvelope(envelope.typeId(), ProofBody.of(members), envelope.nullifier());
    }

    private static void assertRejected(ProofEnvelope envelope, Reason reason, String detail) {
        assertThatThrownBy(() -> REGISTRY.verify(envelope, context)).isInstanceOf(ProofRejection.class)
                .hasMessageContaining(detail)
                .extracting(e -> ((ProofRejection) e).reason()).isEqualTo(reason);
    }
}
