package io.quarry.poies.proof;

import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.model.SchemaException;
import io.quarry.poies.policy.Policy;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The proof kinds a node understands, by type id, and the one place envelopes are verified and scored:
 * {@link #verify} runs the kind's verifier, applies the per-kind cap and the policy's minimum psi, and turns a
 * malformed body into a {@link ProofRejection.Reason#SCHEMA SCHEMA} rejection. Immutable and thread-safe.
 */
public final class ProofRegistry {

    private final Map<String, ProofKind<?>> kinds;

    private ProofRegistry(Map<String, ProofKind<?>> kinds) {
        this.kinds = Map.copyOf(kinds);
    }

    /** A registry of {@code kinds}; type ids must be unique. */
    public static ProofRegistry of(Collection<? extends ProofKind<?>> kinds) {
        Map<String, ProofKind<?>> byId = new LinkedHashMap<>();
        for (ProofKind<?> kind : kinds) {
            if (byId.putIfAbsent(kind.typeId(), kind) != null) {
                throw new IllegalArgumentException("two proof kinds claim type id " + kind.typeId());
            }
        }
        return new ProofRegistry(byId);
    }

    /** The kind for {@code typeId}, if registered. */
    public Optional<ProofKind<?>> kind(String typeId) {
        return Optional.ofNullable(kinds.get(typeId));
    }

    /** Every registered kind. */
    public Collection<ProofKind<?>> kinds() {
        return kinds.values();
    }

    /**
     * Verifies and scores {@code envelope} in {@code context}.
     *
     * @throws ProofRejection saying why it is not valid (unknown type, malformed, invalid, below the minimum psi)
     */
    public VerifiedProof verify(ProofEnvelope envelope, ProofContext context) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(context, "context");
        ProofKind<?> kind = kinds.get(envelope.typeId());
        if (kind == null) {
            throw new ProofRejection(ProofRejection.Reason.UNKNOWN_TYPE, "type_id \"" + envelope.typeId()
                    + "\" is not one of " + kinds.keySet());
        }
        return run(kind, envelope, context);
    }

    private static <M extends ProofMetrics> VerifiedProof run(ProofKind<M> kind, ProofEnvelope envelope,
            ProofContext context) {
        M metrics;
        try {
            metrics = kind.verify(envelope, context);
        } catch (SchemaException e) {
            throw new ProofRejection(ProofRejection.Reason.SCHEMA, e.getMessage());
        }
        long psi = Math.max(0, Math.min(kind.psiMicro(metrics), kind.maxPsiMicro()));
        Policy policy = context.policy();
        if (psi < policy.minProofPsiMicro()) {
            throw new ProofRejection(ProofRejection.Reason.BELOW_MIN_PSI, "worth " + Policy.nats(psi)
                    + " nats, the policy's minimum is " + Policy.nats(policy.minProofPsiMicro()));
        }
        return new VerifiedProof(envelope, kind.type(), metrics, psi);
    }
}
