package io.quarry.poies.proof.vdf;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.ProofBody;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.ProofType;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofKind;
import io.quarry.poies.proof.ProofRejection;
import io.quarry.poies.proof.codec.CanonicalWriter;
import java.math.BigInteger;
import java.util.Set;

/**
 * {@code vdf:v1}: a Wesolowski VDF over RSA-2048 whose input is bound to a recent block.
 *
 * <p>Body: {@code {"anchor": "0x<32 bytes>", "iterations": T, "y": "0x<256 bytes>", "pi": "0x<256 bytes>"}}.
 * The input is {@code g = HashToGroup(Keccak-256("quarry:poies:vdf:v1:input" || chainId || anchor))}, so a
 * proof cannot be computed before its anchor block exists and does not transfer to another chain; y and pi are
 * canonical elements ({@code <= (N-1)/2}), so a proof has exactly one encoding. The nullifier is
 * {@code Keccak-256("quarry:poies:vdf:v1:nullifier" || chainId || anchor)}: at most one VDF per anchor block
 * ever counts, whatever its T.
 *
 * <p>psi = {@code floor(T * 50000 / 2^16)} micro-nats (0.05 nat per 65,536 squarings), at most 0.5 nat;
 * T must be in [{@value #MIN_ITERATIONS}, {@value #MAX_ITERATIONS}].
 */
public final class VdfKind implements ProofKind<VdfMetrics> {

    /** The envelope type id. */
    public static final String TYPE_ID = "vdf:v1";
    /** Fewest squarings accepted. */
    public static final long MIN_ITERATIONS = 1L << 12;
    /** Most squarings accepted (about a minute of squaring on one core). */
    public static final long MAX_ITERATIONS = 1L << 24;
    /** psi per 2^16 squarings, in micro-nats. */
    public static final long PSI_PER_65536_MICRO = 50_000;
    /** Per-proof cap, in micro-nats. */
    public static final long MAX_PSI_MICRO = 500_000;

    private static final Set<String> KEYS = Set.of("anchor", "iterations", "y", "pi");
    private static final String INPUT_TAG = "quarry:poies:vdf:v1:input";
    private static final String NULLIFIER_TAG = "quarry:poies:vdf:v1:nullifier";

    @Override
    public String typeId() {
        return TYPE_ID;
    }

    @Override
    public ProofType type() {
        return ProofType.VDF;
    }

    @Override
    public long maxPsiMicro() {
        return MAX_PSI_MICRO;
    }

    @Override
    public VdfMetrics verify(ProofEnvelope envelope, ProofContext context) {
        ProofBody body = envelope.body();
        body.requireExactly(KEYS);
        Bytes anchor = body.hex("anchor", HeaderTemplate.HASH_LENGTH);
        long iterations = body.integer("iterations");
        BigInteger y = new BigInteger(1, body.hex("y", RsaGroup.ELEMENT_BYTES).toArray());
        BigInteger pi = new BigInteger(1, body.hex("pi", RsaGroup.ELEMENT_BYTES).toArray());
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new ProofRejection(ProofRejection.Reason.OUT_OF_BOUNDS, "body.iterations: " + iterations
                    + " is outside [" + MIN_ITERATIONS + ", " + MAX_ITERATIONS + "]");
        }
        ProofRejection.requireNullifier(envelope, nullifier(context.chainId(), anchor));
        context.requireAnchored(anchor);
        if (!RsaGroup.isCanonicalNonIdentity(y) || !RsaGroup.isCanonicalNonIdentity(pi)) {
            throw new ProofRejection(ProofRejection.Reason.INVALID_PROOF,
                    "body.y and body.pi must be canonical group elements in [2, (N-1)/2]");
        }
        if (!Wesolowski.verify(input(context.chainId(), anchor), iterations, y, pi)) {
            throw new ProofRejection(ProofRejection.Reason.INVALID_PROOF,
                    "pi^l * g^r != y: the proof does not show y = g^(2^" + iterations + ")");
        }
        return new VdfMetrics(iterations);
    }

    @Override
    public long psiMicro(VdfMetrics metrics) {
        // iterations <= 2^24, so the product stays far below 2^63.
        return Math.min(MAX_PSI_MICRO, metrics.iterations() * PSI_PER_65536_MICRO >>> 16);
    }

    /** The nullifier of the VDF anchored at {@code anchor} on chain {@code chainId}. */
    public static Bytes nullifier(long chainId, Bytes anchor) {
        return CanonicalWriter.tagged(NULLIFIER_TAG).u64(chainId).fixed(anchor).keccak256();
    }

    /** The VDF input for {@code anchor} on chain {@code chainId}. */
    static BigInteger input(long chainId, Bytes anchor) {
        return RsaGroup.hashToElement(CanonicalWriter.tagged(INPUT_TAG).u64(chainId).fixed(anchor).keccak256());
    }
}
