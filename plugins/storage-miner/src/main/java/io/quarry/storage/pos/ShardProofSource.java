package io.quarry.storage.pos;

import io.quarry.api.proof.StorageChallenge;
import io.quarry.api.proof.StorageProof;
import io.quarry.api.proof.StorageSample;
import io.quarry.storage.store.ShardId;
import io.quarry.storage.store.ShardStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's {@link StorageProofSource} over the shards this miner stores, so another plugin on the node (PoIES)
 * draws its storage proofs from real stored data. The challenge seed picks one stored shard (the shards sorted by
 * id, the seed's first 8 bytes modulo their count); the shard is read from disk and verified, cut into 1 KiB
 * leaves (zero-padded to a power of two) and proven with the API's SHA3 tree.
 */
public final class ShardProofSource implements io.quarry.api.proof.StorageProofSource {

    private static final Logger LOG = LoggerFactory.getLogger(ShardProofSource.class);
    /** Bytes per leaf. */
    public static final int LEAF_SIZE = 1024;

    private final ShardStore store;

    /** A source over {@code store}. */
    public ShardProofSource(ShardStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "storage-miner";
    }

    @Override
    public Optional<StorageProof> prove(StorageChallenge challenge) {
        List<ShardId> shards = new ArrayList<>(store.list());
        if (shards.isEmpty()) {
            return Optional.empty();
        }
        shards.sort(Comparator.comparing(ShardId::hex));
        byte[] seed = challenge.seed();
        long pick = 0;
        for (int i = 0; i < 8; i++) {
            pick = (pick << 8) | (seed[i] & 0xff);
        }
        ShardId id = shards.get((int) Long.remainderUnsigned(pick, shards.size()));
        byte[] data;
        try {
            Optional<byte[]> read = store.readFromDisk(id);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            data = read.get();
        } catch (RuntimeException e) {
            LOG.warn("No storage proof from shard {}: {}", id, e.getMessage());
            return Optional.empty();
        }
        int chunks = ChunkMerkle.chunkCount(data.length);
        int leafCount = Integer.highestOneBit(chunks) == chunks ? chunks : Integer.highestOneBit(chunks) << 1;
        List<byte[][]> levels = new ArrayList<>();
        byte[][] level = new byte[leafCount][];
        for (int i = 0; i < leafCount; i++) {
            level[i] = StorageProof.leafHash(i, ChunkMerkle.chunk(data, i));
        }
        levels.add(level);
        while (level.length > 1) {
            byte[][] up = new byte[level.length / 2][];
            for (int i = 0; i < up.length; i++) {
                up[i] = StorageProof.nodeHash(level[2 * i], level[2 * i + 1]);
            }
            levels.add(up);
            level = up;
        }
        byte[] root = level[0];
        List<StorageSample> samples = new ArrayList<>(challenge.samples());
        for (int s = 0; s < challenge.samples(); s++) {
            long index = challenge.sampleIndex(root, s, leafCount);
            List<byte[]> siblings = new ArrayList<>();
            long at = index;
            for (int l = 0; l < levels.size() - 1; l++) {
                siblings.add(levels.get(l)[(int) (at ^ 1)]);
                at >>= 1;
            }
            samples.add(new StorageSample(index, ChunkMerkle.chunk(data, (int) index), siblings));
        }
        return Optional.of(new StorageProof(name(), root, leafCount, LEAF_SIZE, samples));
    }
}
