package io.quarry.poies.proof.pool;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.proof.ProofContext;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A source of useful-work proofs for the {@link ProofWorker}: the VDF, storage and dev AI/Quantum workers of
 * {@code docs/poies-proofs.md} section 6. {@link #produce} does the work on the calling thread (it may take seconds)
 * and is never called concurrently for one producer; what it returns is verified before it enters the pool.
 */
public interface ProofProducer {

    /** A short name for logs and stats ({@code "vdf"}). */
    String name();

    /**
     * Produces one proof for the block {@code context} builds, or nothing when there is nothing worth doing now
     * (the proof for this head is pooled already, the per-head budget is spent, no data to prove).
     *
     * @param pooled whether a nullifier is already in the pool
     */
    Optional<ProofEnvelope> produce(ProofContext context, Predicate<Bytes> pooled);
}
