package io.quarry.storage.pos;

import io.quarry.api.proof.StorageChallenge;
import io.quarry.api.proof.StorageProof;
import io.quarry.api.proof.StorageProofSource;
import io.quarry.api.proof.StorageSample;
import io.quarry.storage.store.ShardId;
import io.quarry.storage.store.ShardStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's {@link StorageProofSource} over the shards this miner stores, so another plugin on the node (PoIES)
 * draws its storage proofs from real stored data. The data proven: stored shards in id order, starting at the
 * shard the challenge seed picks (its first 8 bytes modulo the shard count) and wrapping around, each read from
 * disk and verified, cut into 1 KiB leaves (a shard's last leaf zero-padded), until {@link #MAX_PROVEN_BYTES}; the
 * tree is the API's SHA3 tree over those leaves, padded with zero leaves to a power of two.
 */
public final class ShardProofSource implements StorageProofSource {

    private static final Logger LOG = LoggerFactory.getLogger(ShardProofSource.class);
    /** Bytes per leaf. */
    public static final int LEAF_SIZE = 1024;
    /** The most shard bytes one proof covers (and so reads and hashes). */
    public static final long MAX_PROVEN_BYTES = 32L << 20;

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
        List<ShardId> ids = new ArrayList<>(store.list());
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        ids.sort(Comparator.comparing(ShardId::hex));
        byte[] seed = challenge.seed();
        long pick = 0;
        for (int i = 0; i < 8; i++) {
            pick = (pick << 8) | (seed[i] & 0xff);
        }
        int first = (int) Long.remainderUnsigned(pick, ids.size());
        List<byte[]> shards = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < ids.size() && bytes < MAX_PROVEN_BYTES; i++) {
            ShardId id = ids.get((first + i) % ids.size());
            try {
                Optional<byte[]> data = store.readFromDisk(id);
                if (data.isPresent() && data.get().length > 0) {
                    shards.add(data.get());
                    bytes += data.get().length;
                }
            } catch (RuntimeException e) {
                LOG.warn("Shard {} left out of a storage proof: {}", id, e.getMessage());
            }
        }
        if (shards.isEmpty()) {
            return Optional.empty();
        }
        // Leaf i is chunk (i - start[s]) of shard s.
        int[] start = new int[shards.size() + 1];
        for (int s = 0; s < shards.size(); s++) {
            start[s + 1] = start[s] + ChunkMerkle.chunkCount(shards.get(s).length);
        }
        int used = start[shards.size()];
        int leafCount = Math.max(2, Integer.highestOneBit(used) == used ? used : Integer.highestOneBit(used) << 1);
        List<byte[][]> levels = new ArrayList<>();
        byte[][] level = new byte[leafCount][];
        for (int i = 0; i < leafCount; i++) {
            level[i] = StorageProof.leafHash(i, leaf(shards, start, i));
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
            samples.add(new StorageSample(index, leaf(shards, start, (int) index), siblings));
        }
        return Optional.of(new StorageProof(name(), root, leafCount, LEAF_SIZE, samples));
    }

    /** Leaf {@code i}: a chunk of the shard it falls in, or zeros past the last shard. */
    private static byte[] leaf(List<byte[]> shards, int[] start, int i) {
        int s = Arrays.binarySearch(start, i);
        s = s >= 0 ? s : -s - 2;
        if (s >= shards.size()) {
            return new byte[LEAF_SIZE];
        }
        return ChunkMerkle.chunk(shards.get(s), i - start[s]);
    }
}
