package io.quarry.poies.proof.pool;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.vdf.VdfKind;
import io.quarry.poies.proof.vdf.VdfProver;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/** Produces one {@code vdf:v1} proof per head, anchored to the parent. */
public final class VdfProducer implements ProofProducer {

    private final VdfProver prover;

    /** A producer proving with {@code prover}. */
    public VdfProducer(VdfProver prover) {
        this.prover = Objects.requireNonNull(prover, "prover");
    }

    @Override
    public String name() {
        return "vdf";
    }

    @Override
    public Optional<ProofEnvelope> produce(ProofContext context, Predicate<Bytes> pooled) {
        if (pooled.test(VdfKind.nullifier(context.chainId(), context.parentHash()))) {
            return Optional.empty();
        }
        return Optional.of(prover.prove(context.chainId(), context.parentHash()));
    }
}
