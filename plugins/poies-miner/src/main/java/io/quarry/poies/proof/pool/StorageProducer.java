package io.quarry.poies.proof.pool;

import io.quarry.api.proof.StorageProof;
import io.quarry.api.proof.StorageProofSource;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.storage.StorageKind;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Produces one {@code storage:v1} proof per head: from the storage plugin's {@link StorageProofSource} when one
 * is offered, otherwise from the fallback (the node's own plot). Both are asked at each head, since the storage
 * plugin may start or stop. The fallback supplier is called at most once, when first needed, so the plot is not
 * built on nodes that never use it; whoever supplies it closes it.
 */
public final class StorageProducer implements ProofProducer {

    private final Supplier<Optional<StorageProofSource>> offered;
    private final Supplier<StorageProofSource> fallback;
    private StorageProofSource local;
    private Bytes lastAnchor;

    /**
     * @param offered the source another plugin offers, if any ({@code () -> context.service(StorageProofSource.class)})
     * @param fallback the local source, asked for once, on first use
     */
    public StorageProducer(Supplier<Optional<StorageProofSource>> offered, Supplier<StorageProofSource> fallback) {
        this.offered = Objects.requireNonNull(offered, "offered");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public Optional<ProofEnvelope> produce(ProofContext context, Predicate<Bytes> pooled) {
        Bytes anchor = context.parentHash();
        if (anchor.equals(lastAnchor)) {
            return Optional.empty();
        }
        StorageProofSource source = offered.get().orElseGet(this::local);
        Optional<StorageProof> proof = source.prove(StorageKind.challenge(context.chainId(), anchor));
        lastAnchor = anchor;
        return proof.map(p -> StorageKind.envelope(context.chainId(), anchor, p))
                .filter(envelope -> !pooled.test(envelope.nullifier()));
    }

    private StorageProofSource local() {
        if (local == null) {
            local = Objects.requireNonNull(fallback.get(), "the fallback storage source");
        }
        return local;
    }
}
