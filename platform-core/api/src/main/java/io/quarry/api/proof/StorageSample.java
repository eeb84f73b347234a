package io.quarry.api.proof;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One opened leaf of a {@link StorageProof}: the leaf's bytes and the Merkle path from it to the root.
 *
 * @param index the leaf's position, 0-based
 * @param leaf the leaf's bytes, exactly the proof's leaf size
 * @param siblings the 32-byte sibling hashes from the leaf's level up to just below the root, one per level
 *     ({@code log2(leafCount)} of them)
 */
public record StorageSample(long index, byte[] leaf, List<byte[]> siblings) {

    /** Checks the fields and keeps copies of the arrays. */
    public StorageSample {
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(siblings, "siblings");
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, was " + index);
        }
        List<byte[]> copy = new ArrayList<>(siblings.size());
        for (byte[] sibling : siblings) {
            if (sibling == null || sibling.length != StorageProof.HASH_LENGTH) {
                throw new IllegalArgumentException("a sibling hash is 32 bytes");
            }
            copy.add(sibling.clone());
        }
        leaf = leaf.clone();
        siblings = List.copyOf(copy);
    }

    /** A copy of the leaf's bytes. */
    @Override
    public byte[] leaf() {
        return leaf.clone();
    }

    /** Copies of the sibling hashes, leaf level first. */
    @Override
    public List<byte[]> siblings() {
        List<byte[]> copy = new ArrayList<>(siblings.size());
        for (byte[] sibling : siblings) {
            copy.add(sibling.clone());
        }
        return copy;
    }
}
