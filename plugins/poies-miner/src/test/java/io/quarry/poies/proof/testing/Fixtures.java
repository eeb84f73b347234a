package io.quarry.poies.proof.testing;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.policy.ProofType;
import io.quarry.poies.policy.Provider;
import io.quarry.poies.proof.ProofContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Policies, anchors and contexts for proof tests. */
public final class Fixtures {

    /** Chain id of the test chain. */
    public static final long CHAIN_ID = 1337;

    private Fixtures() {
    }

    /** 32 bytes derived from {@code label}, for hashes and anchors. */
    public static Bytes hash(String label) {
        return io.quarry.poies.proof.codec.CanonicalWriter.tagged("test").text(label).keccak256();
    }

    /** The dev policy's numbers with the given providers. */
    public static Policy policy(List<Provider> providers) {
        return policy(2_500_000, Map.of(ProofType.HASH, 500_000L, ProofType.AI, 1_000_000L, ProofType.QUANTUM,
                1_000_000L, ProofType.STORAGE, 500_000L, ProofType.VDF, 500_000L), 150_000, providers);
    }

    /** A policy with the given Gamma, caps and q; the other fields as in the dev policy. */
    public static Policy policy(long gammaMicro, Map<ProofType, Long> caps, long escortQPpm, List<Provider> providers) {
        return new Policy(Policy.VERSION, gammaMicro, new EnumMap<>(caps), escortQPpm, 900_000, 4, 50_000, 64, 16,
                providers);
    }

    /** A context at {@code height} on the test chain whose anchors are {@code hash("block-" + h)}. */
    public static ProofContext context(long height, Policy policy) {
        List<Bytes> anchors = new ArrayList<>();
        for (long h = height - 1; h >= 0 && anchors.size() < policy.anchorWindow(); h--) {
            anchors.add(blockHash(h));
        }
        return new ProofContext(CHAIN_ID, height, blockHash(height - 1), anchors, policy);
    }

    /** The test chain's hash of block {@code height}. */
    public static Bytes blockHash(long height) {
        return hash("block-" + height);
    }
}
