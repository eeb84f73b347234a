package io.quarry.poies.proof.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.proof.StorageChallenge;
import io.quarry.api.proof.StorageProof;
import io.quarry.api.proof.StorageSample;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofBody;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofRegistry;
import io.quarry.poies.proof.ProofRejection;
import io.quarry.poies.proof.ProofRejection.Reason;
import io.quarry.poies.proof.VerifiedProof;
import io.quarry.poies.proof.testing.Fixtures;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageKindTest {

    private static final int LEAVES = 4096;
    private static final int LEAF_SIZE = 256;
    private static final Policy POLICY = Fixtures.policy(List.of());
    private static final ProofContext CONTEXT = Fixtures.context(12, POLICY);
    private static final ProofRegistry REGISTRY = ProofRegistry.of(List.of(new StorageKind()));

    @TempDir
    Path dir;
    private LocalStorageProver prover;
    private ProofEnvelope valid;

    @BeforeEach
    void open() {
        prover = LocalStorageProver.open(dir, LEAVES, LEAF_SIZE);
        valid = envelope(CONTEXT.parentHash());
    }

    @AfterEach
    void close() {
        prover.close();
    }

    private ProofEnvelope envelope(Bytes anchor) {
        StorageChallenge challenge = StorageKind.challenge(Fixtures.CHAIN_ID, anchor);
        StorageProof proof = prover.prove(challenge).orElseThrow();
        return StorageKind.envelope(Fixtures.CHAIN_ID, anchor, proof);
    }

    @Test
    void proofOverTheLocalPlotVerifies() {
        VerifiedProof proof = REGISTRY.verify(valid, CONTEXT);
        assertThat(proof.metrics()).isEqualTo(new StorageMetrics(1L << 20, StorageKind.SAMPLES));
        assertThat(proof.psiMicro()).isEqualTo(StorageKind.PSI_PER_DOUBLING_MICRO);
        assertThat(prover.committedBytes()).isEqualTo((long) LEAVES * LEAF_SIZE);
    }

    @Test
    void theChallengeDependsOnTheAnchorSoProofsDoNotTransfer() {
        Bytes other = CONTEXT.anchors().get(3);
        ProofEnvelope moved = new ProofEnvelope(StorageKind.TYPE_ID, body(Map.of("anchor", other.toString())),
                StorageKind.nullifier(Fixtures.CHAIN_ID, other, valid.body().hex("root", 32)));
        assertRejected(moved, Reason.INVALID_PROOF, "is not the challenged leaf");
        assertThat(REGISTRY.verify(envelope(other), CONTEXT).psiMicro()).isPositive();
    }

    @Test
    void tamperedLeafFails() {
        List<Object> samples = samples();
        Map<String, Object> first = new LinkedHashMap<>(cast(samples.get(0)));
        byte[] leaf = Bytes.parseHex((String) first.get("leaf"), LEAF_SIZE, "leaf").toArray();
        leaf[17] ^= 1;
        first.put("leaf", Bytes.of(leaf).toString());
        samples.set(0, first);
        assertRejected(with("samples", samples), Reason.INVALID_PROOF, "body.samples[0]: the leaf and path do not lead");
    }

    @Test
    void tamperedPathFails() {
        List<Object> samples = samples();
        Map<String, Object> last = new LinkedHashMap<>(cast(samples.get(15)));
        List<Object> path = new ArrayList<>((List<?>) last.get("path"));
        path.set(3, Fixtures.hash("forged").toString());
        last.put("path", path);
        samples.set(15, last);
        assertRejected(with("samples", samples), Reason.INVALID_PROOF, "body.samples[15]");
    }

    @Test
    void answeringOtherLeavesFails() {
        // A sample that is valid for its own index but not the challenged one.
        StorageProof proof = prover.prove(StorageKind.challenge(Fixtures.CHAIN_ID, CONTEXT.anchors().get(1))).orElseThrow();
        List<StorageSample> mixed = new ArrayList<>(prover.prove(StorageKind.challenge(Fixtures.CHAIN_ID,
                CONTEXT.parentHash())).orElseThrow().samples());
        mixed.set(4, proof.samples().get(4));
        StorageProof forged = new StorageProof("test", proof.root(), LEAVES, LEAF_SIZE, mixed);
        assertRejected(StorageKind.envelope(Fixtures.CHAIN_ID, CONTEXT.parentHash(), forged), Reason.INVALID_PROOF,
                "body.samples[4].index");
    }

    @Test
    void swappedRootFails() {
        Bytes root = Fixtures.hash("other root");
        ProofEnvelope swapped = new ProofEnvelope(StorageKind.TYPE_ID, body(Map.of("root", root.toString())),
                StorageKind.nullifier(Fixtures.CHAIN_ID, CONTEXT.parentHash(), root));
        assertThatThrownBy(() -> REGISTRY.verify(swapped, CONTEXT)).isInstanceOf(ProofRejection.class)
                .extracting(e -> ((ProofRejection) e).reason()).isEqualTo(Reason.INVALID_PROOF);
        assertRejected(with("root", root.toString()), Reason.NULLIFIER_MISMATCH, "nullifier");
    }

    @Test
    void claimingMoreDataThanTheTreeHasFails() {
        assertRejected(with("leafCount", (long) LEAVES * 2), Reason.SCHEMA, "expected 13 hashes");
        assertRejected(with("leafSize", (long) LEAF_SIZE * 2), Reason.SCHEMA, "expected 512 bytes");
    }

    @Test
    void tooLittleDataIsOutOfBounds(@TempDir Path small) {
        try (LocalStorageProver tiny = LocalStorageProver.open(small, 1024, 256)) {
            StorageProof proof = tiny.prove(StorageKind.challenge(Fixtures.CHAIN_ID, CONTEXT.parentHash())).orElseThrow();
            assertRejected(StorageKind.envelope(Fixtures.CHAIN_ID, CONTEXT.parentHash(), proof), Reason.OUT_OF_BOUNDS,
                    "less than the 1048576 required");
        }
    }

    @Test
    void malformedSamplesAreSchemaErrors() {
        assertRejected(with("samples", samples().subList(0, 15)), Reason.SCHEMA, "expected 16 samples");
        List<Object> samples = samples();
        samples.set(2, "not an object");
        assertRejected(with("samples", samples), Reason.SCHEMA, "body.samples[2]: expected an object");
        samples = samples();
        Map<String, Object> extra = new LinkedHashMap<>(cast(samples.get(1)));
        extra.put("bonus", 1L);
        samples.set(1, extra);
        assertRejected(with("samples", samples), Reason.SCHEMA, "body.samples[1].bonus: unknown member");
        samples = samples();
        Map<String, Object> negative = new LinkedHashMap<>(cast(samples.get(1)));
        negative.put("index", -1L);
        samples.set(1, negative);
        assertRejected(with("samples", samples), Reason.SCHEMA, "body.samples[1].index");
        assertRejected(with("leafCount", 3000L), Reason.OUT_OF_BOUNDS, "not a power of two");
    }

    @Test
    void plotSurvivesReopeningAndAnEditedPlotIsReprovenFromTheFile() throws Exception {
        byte[] root = prover.root();
        prover.close();
        prover = LocalStorageProver.open(dir, LEAVES, LEAF_SIZE);
        assertThat(prover.root()).isEqualTo(root);

        // Overwrite the whole plot behind the prover's back: it notices at the next challenge and rebuilds.
        Path plot = dir.resolve(LocalStorageProver.PLOT_FILE);
        try (FileChannel channel = FileChannel.open(plot, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[(int) Files.size(plot)]), 0);
        }
        ProofEnvelope after = envelope(CONTEXT.parentHash());
        assertThat(prover.root()).isNotEqualTo(root);
        assertThat(REGISTRY.verify(after, CONTEXT).psiMicro()).isEqualTo(StorageKind.PSI_PER_DOUBLING_MICRO);
    }

    @Test
    void psiIsLogarithmicInTheDataAndCapped() {
        StorageKind kind = new StorageKind();
        assertThat(kind.psiMicro(new StorageMetrics(1L << 20, 16))).isEqualTo(50_000);
        assertThat(kind.psiMicro(new StorageMetrics((1L << 24) + 5, 16))).isEqualTo(250_000);
        assertThat(kind.psiMicro(new StorageMetrics(1L << 50, 16))).isEqualTo(StorageKind.MAX_PSI_MICRO);
    }

    private List<Object> samples() {
        return new ArrayList<>(valid.body().list("samples"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }

    private ProofEnvelope with(String key, Object value) {
        return new ProofEnvelope(StorageKind.TYPE_ID, body(Map.of(key, value)), valid.nullifier());
    }

    private ProofBody body(Map<String, Object> changes) {
        Map<String, Object> members = new LinkedHashMap<>(valid.body().asMap());
        members.putAll(changes);
        return ProofBody.of(members);
    }

    private static void assertRejected(ProofEnvelope envelope, Reason reason, String detail) {
        assertThatThrownBy(() -> REGISTRY.verify(envelope, CONTEXT)).isInstanceOf(ProofRejection.class)
                .hasMessageContaining(detail)
                .extracting(e -> ((ProofRejection) e).reason()).isEqualTo(reason);
    }
}
