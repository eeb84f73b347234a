package io.quarry.poies.proof.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.policy.PolicyLoader;
import io.quarry.poies.policy.ProofType;
import io.quarry.poies.policy.ProviderKeyResolver;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofRegistry;
import io.quarry.poies.proof.VerifiedProof;
import io.quarry.poies.proof.attest.AttestedKind;
import io.quarry.poies.proof.attest.AttestedMetrics;
import io.quarry.poies.proof.testing.Fixtures;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevProviderTest {

    private static final ProofRegistry REGISTRY = ProofRegistry.of(List.of(AttestedKind.ai(), AttestedKind.quantum()));

    @TempDir
    Path dir;

    private ProofContext devContext(DevProviderKey key) {
        Policy policy = PolicyLoader.devPolicy(
                ProviderKeyResolver.of(Map.of(ProviderKeyResolver.LOCAL_DEV_PROVIDER, key.publicKey())));
        return Fixtures.context(3, policy);
    }

    @Test
    void keyIsGeneratedOnceWithOwnerOnlyModeAndReloaded() throws Exception {
        DevProviderKey first = DevProviderKey.loadOrCreate(dir);
        Path file = dir.resolve(DevProviderKey.FILE_NAME);
        assertThat(Files.size(file)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(DevProviderKey.loadOrCreate(dir).publicKey()).isEqualTo(first.publicKey());
        assertThat(first.toString()).doesNotContain(Bytes.of(Files.readAllBytes(file)).hexDigits());
    }

    @Test
    void aCorruptKeyFileIsRefusedWithWhatToDo() throws Exception {
        Files.write(dir.resolve(DevProviderKey.FILE_NAME), new byte[7]);
        assertThatThrownBy(() -> DevProviderKey.loadOrCreate(dir)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("holds 7 bytes").hasMessageContaining("delete it");
    }

    @Test
    void devAiJobsVerifyUnderTheDevPolicyWithEveryTrapPassed() {
        DevProviderKey key = DevProviderKey.loadOrCreate(dir);
        ProofContext context = devContext(key);
        DevProvider provider = new DevProvider(key);
        VerifiedProof proof = REGISTRY.verify(provider.ai(context, 0), context);
        assertThat(proof.type()).isEqualTo(ProofType.AI);
        assertThat(proof.metrics()).isEqualTo(new AttestedMetrics(DevProvider.AI_WORK, DevProvider.AI_TRAPS,
                DevProvider.AI_TRAPS));
        assertThat(proof.psiMicro()).isEqualTo(320_000);
    }

    @Test
    void devQuantumJobsVerifyUnderTheDevPolicyWithEveryTrapPassed() {
        DevProviderKey key = DevProviderKey.loadOrCreate(dir);
        ProofContext context = devContext(key);
        VerifiedProof proof = REGISTRY.verify(new DevProvider(key).quantum(context, 0), context);
        assertThat(proof.type()).isEqualTo(ProofType.QUANTUM);
        assertThat(proof.metrics()).isEqualTo(new AttestedMetrics(DevProvider.QUANTUM_WORK,
                DevProvider.QUANTUM_TRAPS, DevProvider.QUANTUM_TRAPS));
        assertThat(proof.psiMicro()).isEqualTo(300_000);
    }

    @Test
    void jobsAreDeterministicPerBlockAndNumberAndDifferOtherwise() {
        DevProviderKey key = DevProviderKey.loadOrCreate(dir);
        ProofContext context = devContext(key);
        DevProvider provider = new DevProvider(key);
        ProofEnvelope a = provider.ai(context, 5);
        assertThat(provider.ai(context, 5).body().string("result")).isEqualTo(a.body().string("result"));
        assertThat(provider.ai(context, 6).nullifier()).isNotEqualTo(a.nullifier());
        assertThat(provider.ai(Fixtures.context(4, context.policy()), 5).nullifier()).isNotEqualTo(a.nullifier());
        assertThat(provider.quantum(context, 5).body().string("result"))
                .isEqualTo(provider.quantum(context, 5).body().string("result"));
    }

    @Test
    void aFaultyInferenceEngineFailsItsTraps() {
        DevAiJob job = new DevAiJob(Fixtures.hash("seed"), 32, 8);
        DevJobResult honest = job.run(DevAiJob.REFERENCE);
        assertThat(honest.trapsPassed()).isEqualTo(8);
        // An engine that skips the last input column: one-hot traps on that column and nothing else notice.
        DevJobResult lazy = job.run((model, x) -> {
            int[] truncated = x.clone();
            truncated[DevAiJob.INPUTS - 1] = 0;
            return model.forward(truncated);
        });
        assertThat(lazy.jobSpec()).isEqualTo(honest.jobSpec());
        assertThat(lazy.result()).isNotEqualTo(honest.result());
        // An engine that returns zeros fails every trap.
        DevJobResult broken = job.run((model, x) -> new long[DevAiJob.OUTPUTS]);
        assertThat(broken.trapsPassed()).isZero();
    }

    @Test
    void stateVectorGatesBehave() {
        StateVector state = new StateVector(2);
        state.h(0);
        state.cnot(0, 1);
        assertThat(state.probability(0)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(state.probability(3)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        state.cnot(0, 1);
        state.h(0);
        state.rz(1, 5);
        state.x(1);
        assertThat(state.probability(2)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }
}
