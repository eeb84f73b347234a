package io.quarry.poies.proof.pool;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.ProofType;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.dev.DevProvider;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Produces AI or Quantum proofs from the built-in {@link DevProvider}: one job per call, at most
 * {@code perHead} per head (enough to fill the type's cap; more would only be dropped by the selector).
 */
public final class DevJobProducer implements ProofProducer {

    private final DevProvider provider;
    private final ProofType type;
    private final int perHead;
    private Bytes head;
    private int producedOnHead;
    private long job;

    /**
     * @param type {@link ProofType#AI} or {@link ProofType#QUANTUM}
     * @param perHead jobs per head at most
     */
    public DevJobProducer(DevProvider provider, ProofType type, int perHead) {
        this.provider = Objects.requireNonNull(provider, "provider");
        if (!type.attested()) {
            throw new IllegalArgumentException("the dev provider runs ai and quantum jobs, not " + type.key());
        }
        if (perHead < 1) {
            throw new IllegalArgumentException("perHead must be >= 1, was " + perHead);
        }
        this.type = type;
        this.perHead = perHead;
    }

    @Override
    public String name() {
        return "dev-" + type.key();
    }

    @Override
    public Optional<ProofEnvelope> produce(ProofContext context, Predicate<Bytes> pooled) {
        if (!context.parentHash().equals(head)) {
            head = context.parentHash();
            producedOnHead = 0;
        }
        if (producedOnHead >= perHead) {
            return Optional.empty();
        }
        producedOnHead++;
        long number = job++;
        ProofEnvelope envelope = type == ProofType.AI ? provider.ai(context, number) : provider.quantum(context, number);
        return pooled.test(envelope.nullifier()) ? Optional.empty() : Optional.of(envelope);
    }
}
