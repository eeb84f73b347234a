package io.quarry.poies.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Binary Keccak-256 Merkle roots (docs/poies-canonical-header.md, "Roots"): leaf {@code Keccak-256(00 || data)},
 * inner node {@code Keccak-256(01 || left || right)}; at each level an odd last node moves up unchanged (it is
 * not paired with itself, so no two lists share a root by duplication); the empty list's root is 32 zero bytes.
 * The 00/01 prefixes keep a leaf from ever passing for an inner node.
 */
public final class MerkleRoot {

    /** Root of the empty list. */
    public static final Bytes EMPTY = Bytes.ZERO32;

    private static final byte[] LEAF = {0x00};
    private static final byte[] NODE = {0x01};

    private MerkleRoot() {
    }

    /** The root over {@code leaves}, in order. */
    public static Bytes of(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            return EMPTY;
        }
        List<byte[]> level = new ArrayList<>(leaves.size());
        for (byte[] leaf : leaves) {
            level.add(Keccak.keccak256(LEAF, leaf));
        }
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i + 1 < level.size(); i += 2) {
                up.add(Keccak.keccak256(NODE, level.get(i), level.get(i + 1)));
            }
            if (level.size() % 2 == 1) {
                up.add(level.get(level.size() - 1));
            }
            level = up;
        }
        return Bytes.of(level.get(0));
    }

    /** A template's {@code proofsRoot}: the root over the canonical bytes of {@code proofs}, in order. */
    public static Bytes ofProofs(List<ProofEnvelope> proofs) {
        List<byte[]> leaves = new ArrayList<>(proofs.size());
        for (ProofEnvelope proof : proofs) {
            leaves.add(proof.canonicalBytes());
        }
        return of(leaves);
    }
}
