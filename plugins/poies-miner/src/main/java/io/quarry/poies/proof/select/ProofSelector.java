package io.quarry.poies.proof.select;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofRegistry;
import io.quarry.poies.proof.ProofRejection;
import io.quarry.poies.proof.ProofRejection.Reason;
import io.quarry.poies.proof.VerifiedProof;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Chooses the proofs a template commits to ({@code docs/poies-proofs.md} section 4), from candidates out of local
 * queues and caches. In order:
 * <ol>
 *   <li>nullifier freshness: a candidate whose nullifier the chain has spent ({@code seen}) is dropped;</li>
 *   <li>validity: each candidate is verified by its kind against the context and policy (a malformed, invalid,
 *       stale or worthless one is dropped with its kind's reason);</li>
 *   <li>uniqueness: of candidates sharing a nullifier, the one worth most psi stays (ties: the smaller
 *       canonical encoding);</li>
 *   <li>caps, Gamma, escort-q fairness and the proof count: the survivors are credited by {@link Allocation}
 *       and those credited nothing are dropped as {@code no_room}.</li>
 * </ol>
 * The result does not depend on the order of the candidates. Stateless and thread-safe.
 */
public final class ProofSelector {

    private final ProofRegistry registry;

    /** A selector verifying with {@code registry}. */
    public ProofSelector(ProofRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Selects from {@code candidates} for the block {@code context} describes.
     *
     * @param seen whether a nullifier is already spent on this chain
     */
    public Selection select(Collection<ProofEnvelope> candidates, ProofContext context, Predicate<Bytes> seen) {
        Objects.requireNonNull(candidates, "candidates");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(seen, "seen");
        List<DroppedProof> dropped = new ArrayList<>();
        Map<Bytes, VerifiedProof> best = new LinkedHashMap<>();
        for (ProofEnvelope candidate : sorted(candidates)) {
            if (seen.test(candidate.nullifier())) {
                dropped.add(new DroppedProof(candidate, new ProofRejection(Reason.SEEN_NULLIFIER,
                        "nullifier " + candidate.nullifier() + " is already spent on this chain")));
                continue;
            }
            VerifiedProof proof;
            try {
                proof = registry.verify(candidate, context);
            } catch (ProofRejection rejection) {
                dropped.add(new DroppedProof(candidate, rejection));
                continue;
            }
            VerifiedProof kept = best.get(proof.nullifier());
            if (kept == null || proof.psiMicro() > kept.psiMicro()) {
                best.put(proof.nullifier(), proof);
                if (kept != null) {
                    dropped.add(duplicate(kept.envelope()));
                }
            } else {
                dropped.add(duplicate(candidate));
            }
        }
        Allocation allocation = Allocation.of(best.values(), context.policy());
        List<SelectedProof> selected = new ArrayList<>();
        for (SelectedProof credit : allocation.credits()) {
            if (credit.creditedMicro() > 0) {
                selected.add(credit);
            } else {
                dropped.add(new DroppedProof(credit.proof().envelope(), new ProofRejection(Reason.NO_ROOM,
                        credit.proof().type().key() + " proof worth " + credit.proof().psiMicro()
                                + " micro-nats adds nothing under the caps, Gamma and maxProofs")));
            }
        }
        return new Selection(selected, allocation.totalMicro(), allocation.byType(), dropped);
    }

    private static DroppedProof duplicate(ProofEnvelope envelope) {
        return new DroppedProof(envelope, new ProofRejection(Reason.DUPLICATE_NULLIFIER, "another candidate with"
                + " nullifier " + envelope.nullifier() + " is worth at least as much"));
    }

    /** Candidates by canonical encoding, so that ties resolve the same whatever order they came in. */
    private static List<ProofEnvelope> sorted(Collection<ProofEnvelope> candidates) {
        Map<ProofEnvelope, byte[]> encoded = new IdentityHashMap<>();
        for (ProofEnvelope envelope : candidates) {
            encoded.put(envelope, envelope.canonicalBytes());
        }
        List<ProofEnvelope> out = new ArrayList<>(candidates);
        out.sort(Comparator.comparing(encoded::get, Arrays::compareUnsigned));
        return out;
    }
}
