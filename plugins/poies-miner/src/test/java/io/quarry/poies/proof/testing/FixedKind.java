package io.quarry.poies.proof.testing;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofBody;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.ProofType;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofKind;
import io.quarry.poies.proof.ProofMetrics;
import io.quarry.poies.proof.ProofRejection;
import io.quarry.poies.proof.codec.CanonicalWriter;
import java.util.Map;
import java.util.Set;

/**
 * A proof kind for selector tests: the body states its psi and a label, and carries a checksum over both, so
 * a body edited without fixing the checksum fails verification as a tampered proof would. One per type, type
 * id {@code test-<type>:v1}.
 */
public final class FixedKind implements ProofKind<FixedKind.Metrics> {

    /** The metrics: the psi the body claims. */
    public record Metrics(long psi) implements ProofMetrics {
        @Override
        public Map<String, Long> asMap() {
            return Map.of("psi", psi);
        }
    }

    private final ProofType type;

    public FixedKind(ProofType type) {
        this.type = type;
    }

    /** A valid proof of {@code type} worth {@code psi} micro-nats, distinguished by {@code label}. */
    public static ProofEnvelope proof(ProofType type, long psi, String label) {
        ProofBody body = ProofBody.builder().put("psi", psi).put("label", label).putHex("check", check(psi, label))
                .build();
        return new ProofEnvelope(typeId(type), body, nullifier(type, label));
    }

    /** The type id for {@code type}. */
    public static String typeId(ProofType type) {
        return "test-" + type.key() + ":v1";
    }

    @Override
    public String typeId() {
        return typeId(type);
    }

    @Override
    public ProofType type() {
        return type;
    }

    @Override
    public long maxPsiMicro() {
        return 10_000_000;
    }

    @Override
    public Metrics verify(ProofEnvelope envelope, ProofContext context) {
        ProofBody body = envelope.body();
        body.requireExactly(Set.of("psi", "label", "check"));
        long psi = body.integer("psi");
        String label = body.string("label");
        ProofRejection.requireNullifier(envelope, nullifier(type, label));
        if (!body.hex("check", 32).equals(check(psi, label))) {
            throw new ProofRejection(ProofRejection.Reason.INVALID_PROOF, "body.check does not match");
        }
        return new Metrics(psi);
    }

    @Override
    public long psiMicro(Metrics metrics) {
        return metrics.psi();
    }

    private static Bytes check(long psi, String label) {
        return CanonicalWriter.tagged("test-check").u64(psi).text(label).keccak256();
    }

    private static Bytes nullifier(ProofType type, String label) {
        return CanonicalWriter.tagged("test-nullifier").text(type.key()).text(label).keccak256();
    }
}
