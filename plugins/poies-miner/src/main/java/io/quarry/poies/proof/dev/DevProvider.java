package io.quarry.poies.proof.dev;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.attest.Attestation;
import io.quarry.poies.proof.attest.AttestationSigner;
import io.quarry.poies.proof.attest.AttestedKind;
import io.quarry.poies.proof.codec.CanonicalWriter;
import java.util.Objects;

/**
 * The built-in dev provider: runs small deterministic AI and Quantum jobs ({@link DevAiJob}, {@link DevQuantumJob})
 * against the newest block and signs their attestations with this node's {@link DevProviderKey}, so a dev chain
 * can attach AI and Quantum proofs without an outside provider. Each job is drawn from the chain id, the parent
 * hash and a job number, so jobs differ between blocks and between calls. Thread-safe.
 */
public final class DevProvider {

    /** Inferences per AI job (0.32 nat of psi when every trap passes). */
    public static final int AI_WORK = 32;
    /** Trap inputs per AI job. */
    public static final int AI_TRAPS = 8;
    /** Circuits per Quantum job (0.3 nat of psi when every trap passes). */
    public static final int QUANTUM_WORK = 12;
    /** Trap circuits per Quantum job. */
    public static final int QUANTUM_TRAPS = 8;

    private final AttestationSigner signer;

    /** A dev provider signing with {@code signer}. */
    public DevProvider(AttestationSigner signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /** The provider's public key, as the dev policy allowlists it. */
    public Bytes publicKey() {
        return signer.publicKey();
    }

    /** Runs AI job number {@code job} for the block {@code context} builds and attests it. */
    public ProofEnvelope ai(ProofContext context, long job) {
        DevJobResult result = new DevAiJob(jobSeed("ai", context, job), AI_WORK, AI_TRAPS).run(DevAiJob.REFERENCE);
        return attest(AttestedKind.AI_TYPE_ID, context, result);
    }

    /** Runs Quantum job number {@code job} for the block {@code context} builds and attests it. */
    public ProofEnvelope quantum(ProofContext context, long job) {
        DevJobResult result = new DevQuantumJob(jobSeed("quantum", context, job), QUANTUM_WORK, QUANTUM_TRAPS).run();
        return attest(AttestedKind.QUANTUM_TYPE_ID, context, result);
    }

    private ProofEnvelope attest(String typeId, ProofContext context, DevJobResult result) {
        Attestation attestation = Attestation.sign(signer, typeId, context.chainId(), context.parentHash(),
                result.jobSpec(), result.result(), result.units(), result.trapsTotal(), result.trapsPassed());
        return attestation.toEnvelope(context.chainId());
    }

    private Bytes jobSeed(String kind, ProofContext context, long job) {
        return CanonicalWriter.tagged("quarry:poies:dev-job:v1").text(kind).fixed(signer.publicKey())
                .u64(context.chainId()).fixed(context.parentHash()).u64(job).keccak256();
    }
}
