package io.quarry.poies.proof.storage;

import io.quarry.api.proof.StorageChallenge;
import io.quarry.api.proof.StorageProof;
import io.quarry.api.proof.StorageProofSource;
import io.quarry.api.proof.StorageSample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PoIES plugin's own storage prover, used when no storage plugin offers a {@link StorageProofSource}: a
 * {@link PlotFile} of random bytes in the data directory and the Merkle tree over it (built at open, kept in
 * memory). Every answer reads the challenged leaves from disk and checks them against the tree; when the file
 * no longer matches (edited or corrupted), the tree is rebuilt from the file before answering.
 */
public final class LocalStorageProver implements StorageProofSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStorageProver.class);

    /** Default bytes per leaf. */
    public static final int DEFAULT_LEAF_SIZE = 256;
    /** Default number of leaves (with the default leaf size, a 16 MiB plot). */
    public static final int DEFAULT_LEAF_COUNT = 1 << 16;
    /** File name of the plot inside the directory given to {@link #open}. */
    public static final String PLOT_FILE = "storage-plot.bin";

    private final PlotFile plot;
    private final int leafSize;
    private final int leafCount;
    private MerkleTree tree;

    private LocalStorageProver(PlotFile plot, int leafSize, int leafCount) {
        this.plot = plot;
        this.leafSize = leafSize;
        this.leafCount = leafCount;
        this.tree = build();
    }

    /**
     * Opens (creating when missing) a plot of {@code leafCount * leafSize} random bytes in {@code dir} and builds
     * its tree. Takes a moment for large plots: every byte is read and hashed once.
     */
    public static LocalStorageProver open(Path dir, int leafCount, int leafSize) {
        if (leafCount < 2 || Integer.bitCount(leafCount) != 1) {
            throw new IllegalArgumentException("leafCount must be a power of two >= 2, was " + leafCount);
        }
        if (leafSize < StorageKind.MIN_LEAF_SIZE || leafSize > StorageKind.MAX_LEAF_SIZE) {
            throw new IllegalArgumentException("leafSize must be in [" + StorageKind.MIN_LEAF_SIZE + ", "
                    + StorageKind.MAX_LEAF_SIZE + "], was " + leafSize);
        }
        PlotFile plot = PlotFile.openOrCreate(dir.resolve(PLOT_FILE), (long) leafCount * leafSize);
        try {
            return new LocalStorageProver(plot, leafSize, leafCount);
        } catch (RuntimeException e) {
            plot.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "poies-local";
    }

    /** Bytes the plot holds. */
    public long committedBytes() {
        return plot.size();
    }

    /** The current Merkle root of the plot. */
    public synchronized byte[] root() {
        return tree.root();
    }

    @Override
    public synchronized Optional<StorageProof> prove(StorageChallenge challenge) {
        Optional<StorageProof> proof = tryProve(challenge);
        if (proof.isEmpty()) {
            LOG.warn("storage plot {} no longer matches its Merkle tree; rebuilding the tree from the file", plot.path());
            tree = build();
            proof = tryProve(challenge);
        }
        return proof;
    }

    @Override
    public void close() {
        plot.close();
    }

    private Optional<StorageProof> tryProve(StorageChallenge challenge) {
        byte[] root = tree.root();
        List<StorageSample> samples = new ArrayList<>(challenge.samples());
        for (int i = 0; i < challenge.samples(); i++) {
            int index = (int) challenge.sampleIndex(root, i, leafCount);
            byte[] leaf = new byte[leafSize];
            plot.read((long) index * leafSize, leaf);
            if (!Arrays.equals(StorageProof.leafHash(index, leaf), tree.leafHash(index))) {
                return Optional.empty();
            }
            samples.add(new StorageSample(index, leaf, tree.path(index)));
        }
        return Optional.of(new StorageProof(name(), root, leafCount, leafSize, samples));
    }

    private MerkleTree build() {
        byte[][] hashes = new byte[leafCount][];
        byte[] leaf = new byte[leafSize];
        for (int i = 0; i < leafCount; i++) {
            plot.read((long) i * leafSize, leaf);
            hashes[i] = StorageProof.leafHash(i, leaf);
        }
        return MerkleTree.of(hashes);
    }
}
