package io.quarry.poies.proof.attest;

import io.quarry.api.identity.Identity;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.policy.ProofType;
import io.quarry.poies.policy.Provider;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofKind;
import io.quarry.poies.proof.ProofRejection;
import io.quarry.poies.proof.ProofRejection.Reason;
import java.util.Objects;

/**
 * {@code ai:v1} and {@code quantum:v1}: {@link Attestation}s by a provider on the policy's allowlist. Nothing
 * about the job itself is re-run; what is checked is who vouches for it and how it did on its traps:
 * the anchor is recent, the nullifier is the body's, the provider is allowlisted for this kind, the Ed25519
 * signature verifies, there are at least {@code policy.minTraps} traps and at least
 * {@code policy.minTrapRatio} of them passed.
 *
 * <p>psi = {@code floor(units * psiPerUnit * trapsPassed / trapsTotal)} micro-nats, capped per proof: work
 * weighted by the share of traps passed.
 */
public final class AttestedKind implements ProofKind<AttestedMetrics> {

    /** Type id of AI attestations. */
    public static final String AI_TYPE_ID = "ai:v1";
    /** Type id of Quantum attestations. */
    public static final String QUANTUM_TYPE_ID = "quantum:v1";
    /** Most units one attestation may claim. */
    public static final long MAX_UNITS = 1_000_000;
    /** Most traps one attestation may report. */
    public static final long MAX_TRAPS = 1_000_000;

    private final String typeId;
    private final ProofType type;
    private final long psiPerUnitMicro;
    private final long maxPsiMicro;

    /**
     * A kind of attested proof.
     *
     * @param psiPerUnitMicro psi per unit of work with every trap passed
     * @param maxPsiMicro the per-proof cap
     */
    public AttestedKind(String typeId, ProofType type, long psiPerUnitMicro, long maxPsiMicro) {
        this.typeId = Objects.requireNonNull(typeId, "typeId");
        this.type = Objects.requireNonNull(type, "type");
        if (!type.attested()) {
            throw new IllegalArgumentException(type + " is not an attested proof type");
        }
        if (psiPerUnitMicro < 1 || psiPerUnitMicro > Policy.MICRO || maxPsiMicro < 1) {
            throw new IllegalArgumentException("psiPerUnit must be in [1, 10^6] and maxPsi >= 1");
        }
        this.psiPerUnitMicro = psiPerUnitMicro;
        this.maxPsiMicro = maxPsiMicro;
    }

    /** {@code ai:v1}: 0.01 nat per inference, at most 0.5 nat per proof. */
    public static AttestedKind ai() {
        return new AttestedKind(AI_TYPE_ID, ProofType.AI, 10_000, 500_000);
    }

    /** {@code quantum:v1}: 0.025 nat per circuit run, at most 0.5 nat per proof. */
    public static AttestedKind quantum() {
        return new AttestedKind(QUANTUM_TYPE_ID, ProofType.QUANTUM, 25_000, 500_000);
    }

    @Override
    public String typeId() {
        return typeId;
    }

    @Override
    public ProofType type() {
        return type;
    }

    @Override
    public long maxPsiMicro() {
        return maxPsiMicro;
    }

    @Override
    public AttestedMetrics verify(ProofEnvelope envelope, ProofContext context) {
        Attestation attestation = Attestation.fromBody(typeId, envelope.body());
        ProofRejection.requireNullifier(envelope,
                Attestation.nullifier(typeId, context.chainId(), attestation.provider(), attestation.jobSpec()));
        context.requireAnchored(attestation.anchor());
        Policy policy = context.policy();
        Provider provider = policy.provider(attestation.provider()).orElseThrow(() -> new ProofRejection(
                Reason.PROVIDER_NOT_ALLOWED, "body.provider " + attestation.provider() + " is not on the allowlist"));
        if (!provider.mayAttest(type)) {
            throw new ProofRejection(Reason.PROVIDER_NOT_ALLOWED, "body.provider " + attestation.provider() + " ("
                    + provider.name() + ") may attest " + provider.kinds() + ", not " + type.key());
        }
        if (!Identity.verify(attestation.provider().hexDigits(), attestation.signedBytes(context.chainId()),
                attestation.signature().toArray())) {
            throw new ProofRejection(Reason.BAD_SIGNATURE, "body.signature does not verify under body.provider "
                    + attestation.provider());
        }
        long units = attestation.units();
        long total = attestation.trapsTotal();
        long passed = attestation.trapsPassed();
        if (units < 1 || units > MAX_UNITS) {
            throw new ProofRejection(Reason.OUT_OF_BOUNDS, "body.units: " + units + " is outside [1, " + MAX_UNITS + "]");
        }
        if (total > MAX_TRAPS || passed < 0 || passed > total) {
            throw new ProofRejection(Reason.OUT_OF_BOUNDS, "body.trapsPassed " + passed + " of body.trapsTotal "
                    + total + " is not a count in [0, trapsTotal <= " + MAX_TRAPS + "]");
        }
        if (total < policy.minTraps()) {
            throw new ProofRejection(Reason.TRAP_RATIO, "body.trapsTotal: " + total + " traps, the policy wants at least "
                    + policy.minTraps());
        }
        // passed, total <= 10^6 and the ratio is in ppm, so neither product overflows.
        if (passed * Policy.MICRO < policy.minTrapRatioPpm() * total) {
            throw new ProofRejection(Reason.TRAP_RATIO, passed + " of " + total + " traps passed, below the policy's"
                    + " minimum ratio " + Policy.nats(policy.minTrapRatioPpm()));
        }
        return new AttestedMetrics(units, total, passed);
    }

    @Override
    public long psiMicro(AttestedMetrics metrics) {
        if (metrics.trapsTotal() == 0) {
            return 0;
        }
        // units <= 10^6, psiPerUnit <= 10^6, passed <= 10^6: at most 10^18, inside a long.
        long psi = metrics.units() * psiPerUnitMicro * metrics.trapsPassed() / metrics.trapsTotal();
        return Math.min(maxPsiMicro, psi);
    }
}
