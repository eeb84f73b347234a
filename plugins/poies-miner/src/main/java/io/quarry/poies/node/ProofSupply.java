package io.quarry.poies.node;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.proof.ProofContext;
import java.util.Collection;
import java.util.function.Predicate;

/**
 * Where a node's useful proofs come from ({@code docs/poies-proofs.md} section 6): workers producing AI, Quantum,
 * Storage and VDF proofs into a pool of verified candidates, plus the node's own admitted shares offered as {@code
 * hashshare:v1} proofs for sibling templates. The orchestrator asks for candidates when it builds work and lets the
 * selector choose; it tells the supply about each new head, since proofs are anchored to recent blocks. Thread-safe.
 */
public interface ProofSupply extends AutoCloseable {

    /** Starts the proof workers (on the plugin's executors). */
    void start();

    /**
     * A new head: proofs for {@code context} become possible; pooled ones {@code spent} names or that no longer
     * verify are dropped. Returns at once; workers produce in the background.
     */
    void onHead(ProofContext context, Predicate<Bytes> spent);

    /** Offers one proof produced elsewhere (an admitted share) for templates in {@code context}. */
    void offer(ProofEnvelope proof, ProofContext context);

    /** The candidates now in the pool (the selector checks each again). */
    Collection<ProofEnvelope> candidates();

    /** A number that changes whenever the pool's content changes (a cheap "anything new?" for rotation). */
    long version();

    /**
     * Stops the workers and waits (bounded) for the rounds in progress, so what they read can be closed after;
     * harmless to repeat.
     */
    @Override
    void close();
}
