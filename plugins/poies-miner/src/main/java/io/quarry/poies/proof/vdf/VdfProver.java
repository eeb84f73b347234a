package io.quarry.poies.proof.vdf;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofBody;
import io.quarry.poies.model.ProofEnvelope;
import java.util.Objects;

/**
 * Computes {@code vdf:v1} proofs: the real T squarings and the Wesolowski proof. A proof for T squarings takes
 * about 2T modular squarings of 2048-bit numbers on one thread (about a second for T = 2^18 on a desktop core).
 */
public final class VdfProver {

    private final long iterations;

    /** A prover that runs {@code iterations} squarings per proof. */
    public VdfProver(long iterations) {
        if (iterations < VdfKind.MIN_ITERATIONS || iterations > VdfKind.MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be in [" + VdfKind.MIN_ITERATIONS + ", "
                    + VdfKind.MAX_ITERATIONS + "], was " + iterations);
        }
        this.iterations = iterations;
    }

    /** Squarings per proof. */
    public long iterations() {
        return iterations;
    }

    /** Evaluates and proves the VDF anchored at {@code anchor} on chain {@code chainId}. Blocks while it runs. */
    public ProofEnvelope prove(long chainId, Bytes anchor) {
        Objects.requireNonNull(anchor, "anchor");
        Wesolowski.Output output = Wesolowski.prove(VdfKind.input(chainId, anchor), iterations);
        ProofBody body = ProofBody.builder()
                .putHex("anchor", anchor)
                .put("iterations", iterations)
                .putHex("y", Bytes.of(RsaGroup.toBytes(output.y())))
                .putHex("pi", Bytes.of(RsaGroup.toBytes(output.pi())))
                .build();
        return new ProofEnvelope(VdfKind.TYPE_ID, body, VdfKind.nullifier(chainId, anchor));
    }
}
