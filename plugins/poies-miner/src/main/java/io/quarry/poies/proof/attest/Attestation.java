package io.quarry.poies.proof.attest;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.ProofBody;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.Provider;
import io.quarry.poies.proof.codec.CanonicalWriter;
import java.util.Objects;
import java.util.Set;

/**
 * A provider's signed statement about one AI or Quantum job: which job (the hash of its spec), what came out
 * (the hash of its result), how much work it was and how the hidden trap tasks went.
 *
 * <p>Body of {@code ai:v1} and {@code quantum:v1}: {@code {"provider": "0x<32>", "anchor": "0x<32>",
 * "jobSpec": "0x<32>", "result": "0x<32>", "units": n, "trapsTotal": n, "trapsPassed": n,
 * "signature": "0x<64>"}}. The signature is Ed25519 by {@code provider} over {@link #signedBytes}: the tag
 * {@code quarry:poies:attestation:v1}, the type id, the chain id and every other member in the order above.
 * The nullifier is {@code Keccak-256("quarry:poies:attestation:v1:nullifier" || typeId || chainId || provider ||
 * jobSpec)}: a job counts once per provider, whatever result is claimed for it.
 *
 * @param typeId {@code ai:v1} or {@code quantum:v1}
 * @param provider the provider's 32-byte Ed25519 public key
 * @param anchor a recent block hash the job was issued against
 * @param jobSpec hash of the job specification
 * @param result hash of the job's output
 * @param units work done, traps excluded
 * @param trapsTotal trap tasks included
 * @param trapsPassed trap tasks answered correctly
 * @param signature the 64-byte Ed25519 signature
 */
public record Attestation(String typeId, Bytes provider, Bytes anchor, Bytes jobSpec, Bytes result, long units,
        long trapsTotal, long trapsPassed, Bytes signature) {

    /** Length of an Ed25519 signature. */
    public static final int SIGNATURE_LENGTH = 64;

    private static final Set<String> KEYS = Set.of("provider", "anchor", "jobSpec", "result", "units", "trapsTotal",
            "trapsPassed", "signature");
    private static final String SIGNATURE_TAG = "quarry:poies:attestation:v1";
    private static final String NULLIFIER_TAG = "quarry:poies:attestation:v1:nullifier";

    public Attestation {
        Objects.requireNonNull(typeId, "typeId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(jobSpec, "jobSpec");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(signature, "signature");
    }

    /**
     * Signs a statement with {@code signer}.
     *
     * @param chainId the chain the attestation is for (signed, not carried in the body)
     */
    public static Attestation sign(AttestationSigner signer, String typeId, long chainId, Bytes anchor, Bytes jobSpec,
            Bytes result, long units, long trapsTotal, long trapsPassed) {
        byte[] message = signedBytes(typeId, chainId, signer.publicKey(), anchor, jobSpec, result, units, trapsTotal,
                trapsPassed);
        return new Attestation(typeId, signer.publicKey(), anchor, jobSpec, result, units, trapsTotal, trapsPassed,
                Bytes.of(signer.sign(message)));
    }

    /** Reads the body of an envelope of type {@code typeId}; throws {@code SchemaException} naming the member. */
    static Attestation fromBody(String typeId, ProofBody body) {
        body.requireExactly(KEYS);
        return new Attestation(typeId,
                body.hex("provider", Provider.KEY_LENGTH),
                body.hex("anchor", HeaderTemplate.HASH_LENGTH),
                body.hex("jobSpec", 32),
                body.hex("result", 32),
                body.integer("units"),
                body.integer("trapsTotal"),
                body.integer("trapsPassed"),
                body.hex("signature", SIGNATURE_LENGTH));
    }

    /** The envelope carrying this attestation on chain {@code chainId}. */
    public ProofEnvelope toEnvelope(long chainId) {
        ProofBody body = ProofBody.builder()
                .putHex("provider", provider)
                .putHex("anchor", anchor)
                .putHex("jobSpec", jobSpec)
                .putHex("result", result)
                .put("units", units)
                .put("trapsTotal", trapsTotal)
                .put("trapsPassed", trapsPassed)
                .putHex("signature", signature)
                .build();
        return new ProofEnvelope(typeId, body, nullifier(typeId, chainId, provider, jobSpec));
    }

    /** The bytes the provider signs for this attestation on chain {@code chainId}. */
    byte[] signedBytes(long chainId) {
        return signedBytes(typeId, chainId, provider, anchor, jobSpec, result, units, trapsTotal, trapsPassed);
    }

    static byte[] signedBytes(String typeId, long chainId, Bytes provider, Bytes anchor, Bytes jobSpec, Bytes result,
            long units, long trapsTotal, long trapsPassed) {
        return CanonicalWriter.tagged(SIGNATURE_TAG).text(typeId).u64(chainId).fixed(provider).fixed(anchor)
                .fixed(jobSpec).fixed(result).u64(units).u64(trapsTotal).u64(trapsPassed).toByteArray();
    }

    /** The nullifier of the attestation of job {@code jobSpec} by {@code provider}. */
    public static Bytes nullifier(String typeId, long chainId, Bytes provider, Bytes jobSpec) {
        return CanonicalWriter.tagged(NULLIFIER_TAG).text(typeId).u64(chainId).fixed(provider).fixed(jobSpec)
                .keccak256();
    }
}
