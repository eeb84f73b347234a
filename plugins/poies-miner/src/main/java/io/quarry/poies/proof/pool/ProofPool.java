package io.quarry.poies.proof.pool;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofRegistry;
import io.quarry.poies.proof.ProofRejection;
import io.quarry.poies.proof.ProofRejection.Reason;
import io.quarry.poies.proof.VerifiedProof;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A bounded pool of verified proofs keyed by nullifier: the candidates the selector chooses from ({@code
 * docs/poies-proofs.md} section 6: every proof is verified locally before the selector considers it). Nothing enters
 * without passing its kind's verifier; one nullifier holds one proof (the one worth more psi); when full, the proof
 * worth least psi (oldest among equals) makes room for a better one. {@link #prune} re-verifies against a new head
 * and drops what is spent or no longer valid (an anchor that left the window). Thread-safe.
 */
public final class ProofPool {

    /** Default capacity. */
    public static final int DEFAULT_CAPACITY = 256;

    private final ProofRegistry registry;
    private final int capacity;
    private final Map<Bytes, VerifiedProof> proofs = new LinkedHashMap<>();
    private long version;

    /** A pool verifying with {@code registry} and holding at most {@code capacity} proofs. */
    public ProofPool(ProofRegistry registry, int capacity) {
        this.registry = Objects.requireNonNull(registry, "registry");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Verifies {@code envelope} in {@code context} and pools it.
     *
     * @return the verified proof as pooled
     * @throws ProofRejection when it does not verify, a proof with its nullifier worth as much is pooled already
     *     ({@code duplicate_nullifier}), or the pool is full of better proofs ({@code no_room})
     */
    public VerifiedProof offer(ProofEnvelope envelope, ProofContext context) {
        VerifiedProof proof = registry.verify(envelope, context); // outside the lock: verification may take a while
        synchronized (this) {
            VerifiedProof pooled = proofs.get(proof.nullifier());
            if (pooled != null) {
                if (pooled.psiMicro() >= proof.psiMicro()) {
                    throw new ProofRejection(Reason.DUPLICATE_NULLIFIER, "a proof with nullifier " + proof.nullifier()
                            + " worth as much is pooled already");
                }
                proofs.remove(proof.nullifier());
            } else if (proofs.size() >= capacity) {
                Bytes weakest = weakest();
                if (proofs.get(weakest).psiMicro() >= proof.psiMicro()) {
                    throw new ProofRejection(Reason.NO_ROOM, "the pool holds " + capacity
                            + " proofs, none worth less than this one");
                }
                proofs.remove(weakest);
            }
            proofs.put(proof.nullifier(), proof);
            version++;
            return proof;
        }
    }

    /**
     * Re-verifies every pooled proof in {@code context} (a new head) and drops those whose nullifier is spent or
     * that no longer verify.
     *
     * @return how many were dropped
     */
    public int prune(ProofContext context, Predicate<Bytes> spent) {
        List<VerifiedProof> snapshot = proofs();
        List<Bytes> drop = new ArrayList<>();
        for (VerifiedProof proof : snapshot) {
            if (spent.test(proof.nullifier())) {
                drop.add(proof.nullifier());
                continue;
            }
            try {
                registry.verify(proof.envelope(), context);
            } catch (ProofRejection rejection) {
                drop.add(proof.nullifier());
            }
        }
        synchronized (this) {
            int dropped = 0;
            for (Bytes nullifier : drop) {
                dropped += proofs.remove(nullifier) != null ? 1 : 0;
            }
            if (dropped > 0) {
                version++;
            }
            return dropped;
        }
    }

    /** Drops the proofs with these nullifiers (spent by a block just sealed). */
    public synchronized void remove(Collection<Bytes> nullifiers) {
        if (proofs.keySet().removeAll(nullifiers)) {
            version++;
        }
    }

    /** Whether a proof with {@code nullifier} is pooled. */
    public synchronized boolean contains(Bytes nullifier) {
        return proofs.containsKey(nullifier);
    }

    /** The pooled proofs, oldest first. */
    public synchronized List<VerifiedProof> proofs() {
        return List.copyOf(proofs.values());
    }

    /** The pooled envelopes, oldest first: the selector's candidates. */
    public synchronized Collection<ProofEnvelope> candidates() {
        List<ProofEnvelope> out = new ArrayList<>(proofs.size());
        for (VerifiedProof proof : proofs.values()) {
            out.add(proof.envelope());
        }
        return out;
    }

    /** How many proofs are pooled. */
    public synchronized int size() {
        return proofs.size();
    }

    /** A number that changes whenever the pool's content changes. */
    public synchronized long version() {
        return version;
    }

    private Bytes weakest() {
        Bytes weakest = null;
        long least = Long.MAX_VALUE;
        for (VerifiedProof proof : proofs.values()) {
            if (proof.psiMicro() < least) {
                least = proof.psiMicro();
                weakest = proof.nullifier();
            }
        }
        return weakest;
    }
}
