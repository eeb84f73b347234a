package io.quarry.poies.chain;

import io.quarry.api.store.KeyValueStore;
import io.quarry.api.store.WriteBatch;
import io.quarry.poies.model.Block;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.model.SchemaException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dev chain in the plugin's key-value store: genesis, blocks by height and by hash, the head, and the
 * nullifiers of every share and proof sealed into a block. Layout in {@link ChainKeys}.
 *
 * <p><b>Crash safety.</b> A block is appended in one atomic write batch (block, height index, nullifiers, then
 * the head), and the kernel store makes an acknowledged batch survive {@code kill -9}. Reads do not rely on that
 * atomicity alone: the head record is the commit point, and a block, height entry or nullifier counts only when
 * it agrees with the chain the head names (a nullifier record names its block's hash, which must be the block at
 * its height at or below the head). Records a torn write left above the head are removed on open. So the store
 * stays consistent even on a key-value store that applied only part of a batch.
 *
 * <p><b>Nullifier freshness window.</b> A nullifier is stale once it is in any block of the chain, from genesis
 * on: the window is the whole chain. Dev chains are small, lookups are one point read, and an unbounded window
 * means no proof or share can ever count twice, however old. Shares that were admitted but not sealed are the
 * orchestrator's concern (they are bound to their template, so they die with it).
 *
 * <p>One writer at a time (appends are serialised here); reads may run concurrently with an append and see the
 * chain before or after it.
 */
public final class ChainStore {

    private static final Logger LOG = LoggerFactory.getLogger(ChainStore.class);

    private static final byte VERSION = 1;
    private static final int META_LENGTH = 1 + 8 + 32;
    private static final int HEAD_LENGTH = 1 + 8 + 32 + 8 + 8;
    private static final int HEIGHT_LENGTH = 32 + 8 + 8;
    private static final int NULLIFIER_LENGTH = 8 + 32;

    private final KeyValueStore store;
    private final long chainId;
    private volatile Head head;

    private ChainStore(KeyValueStore store, long chainId, Head head) {
        this.store = store;
        this.chainId = chainId;
        this.head = head;
    }

    /**
     * Opens the chain kept in {@code store}, creating it from {@code genesis} when the store holds none.
     *
     * @param genesis the genesis block to write into an empty store (height 0, zero parent); ignored when a
     *     chain exists
     * @param firstThetaMicro Θ for block 1 when the chain is created
     * @throws ChainException when the store holds another chain id or its records are inconsistent
     */
    public static ChainStore open(KeyValueStore store, long chainId, Block genesis, Seal genesisSeal,
            long firstThetaMicro) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(genesis, "genesis");
        Optional<byte[]> meta = store.get(ChainKeys.META);
        if (meta.isEmpty()) {
            return create(store, chainId, genesis, genesisSeal, firstThetaMicro);
        }
        ByteBuffer m = exact(meta.get(), META_LENGTH, "chain:meta");
        checkVersion(m.get(), "chain:meta");
        long storedChain = m.getLong();
        if (storedChain != chainId) {
            throw new ChainException("the store holds the chain of chain_id " + storedChain + " but poies-miner.chain_id"
                    + " is " + chainId + ": set chain_id back, or give this chain its own data_dir");
        }
        Head head = readHead(store).orElseThrow(() -> new ChainException("chain:meta is present but chain:head "
                + "is missing: the chain store is damaged; move the data_dir aside to start a new dev chain"));
        ChainStore chain = new ChainStore(store, chainId, head);
        chain.checkHead();
        chain.removeAboveHead();
        LOG.info("PoIES chain {} opened at height {} ({})", chainId, head.height, head.hash);
        return chain;
    }

    private static ChainStore create(KeyValueStore store, long chainId, Block genesis, Seal seal,
            long firstThetaMicro) {
        if (genesis.height() != 0 || !genesis.parentHash().equals(Bytes.ZERO32)) {
            throw new IllegalArgumentException("genesis must be at height 0 with a zero parent hash");
        }
        if (genesis.template().chainId() != chainId) {
            throw new IllegalArgumentException("genesis is for chain " + genesis.template().chainId() + ", not "
                    + chainId);
        }
        Head head = new Head(0, genesis.hash(), genesis.template().time(), firstThetaMicro);
        byte[] meta = ByteBuffer.allocate(META_LENGTH).put(VERSION).putLong(chainId).put(genesis.hash().toArray())
                .array();
        store.batch(batch -> {
            writeBlock(batch, genesis, seal);
            batch.put(ChainKeys.META, meta);
            batch.put(ChainKeys.HEAD, head.encode());
        });
        LOG.info("PoIES chain {} created with genesis {}", chainId, genesis.hash());
        return new ChainStore(store, chainId, head);
    }

    /** The chain id. */
    public long chainId() {
        return chainId;
    }

    /** The head: its height, hash and time, and the Θ the next block must meet. */
    public Head head() {
        return head;
    }

    /**
     * Appends {@code block} on the head in one atomic batch and makes it the head.
     *
     * @param nextThetaMicro Θ for the block after this one (the caller's retarget)
     * @throws ChainException when the block does not extend the head, is for another chain, or carries a
     *     nullifier already on chain (or twice)
     */
    public synchronized Head append(Block block, Seal seal, long nextThetaMicro) {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(seal, "seal");
        if (seal.credits().size() != block.proofs().size()) {
            throw new IllegalArgumentException("the seal credits " + seal.credits().size() + " proofs, the block has "
                    + block.proofs().size());
        }
        if (nextThetaMicro < 1) {
            throw new IllegalArgumentException("nextThetaMicro must be >= 1, was " + nextThetaMicro);
        }
        Head current = head;
        if (block.template().chainId() != chainId) {
            throw new ChainException("block is for chain " + block.template().chainId() + ", this chain is " + chainId);
        }
        if (block.height() != current.height + 1 || !block.parentHash().equals(current.hash)) {
            throw new ChainException("block " + block.hash() + " at height " + block.height() + " on parent "
                    + block.parentHash() + " does not extend the head " + current.height + " " + current.hash);
        }
        Set<Bytes> seen = new HashSet<>();
        for (Bytes nullifier : nullifiersOf(block)) {
            if (!seen.add(nullifier)) {
                throw new ChainException("block carries nullifier " + nullifier + " twice");
            }
            Optional<Long> usedAt = nullifierHeight(nullifier);
            if (usedAt.isPresent()) {
                throw new ChainException("nullifier " + nullifier + " is already on chain at height " + usedAt.get());
            }
        }
        Head next = new Head(block.height(), block.hash(), block.template().time(), nextThetaMicro);
        store.batch(batch -> {
            writeBlock(batch, block, seal);
            batch.put(ChainKeys.HEAD, next.encode()); // last: the commit point
        });
        head = next;
        return next;
    }

    /** The block at {@code height} on the chain. */
    public Optional<Block> blockByHeight(long height) {
        return summary(height).flatMap(s -> readBlock(s.hash()));
    }

    /** The block with {@code hash} if it is on the chain. */
    public Optional<Block> blockByHash(Bytes hash) {
        Objects.requireNonNull(hash, "hash");
        return readBlock(hash).filter(b -> summary(b.height()).map(s -> s.hash().equals(hash)).orElse(false));
    }

    /** How the block with {@code hash} was sealed, if it is on the chain. */
    public Optional<Seal> seal(Bytes hash) {
        Objects.requireNonNull(hash, "hash");
        return store.get(ChainKeys.seal(hash)).map(v -> Seal.decode(v, "chain:s:" + hash));
    }

    /** The summary of the block at {@code height} on the chain. */
    public Optional<BlockSummary> summary(long height) {
        if (height < 0 || height > head.height) {
            return Optional.empty();
        }
        return store.get(ChainKeys.height(height)).map(v -> decodeSummary(height, v));
    }

    /** Summaries of the last {@code count} blocks up to the head (genesis included when reached), oldest first. */
    public List<BlockSummary> recent(int count) {
        Head h = head;
        long from = Math.max(0, h.height - count + 1);
        List<BlockSummary> out = new ArrayList<>();
        for (long height = from; height <= h.height; height++) {
            out.add(summary(height).orElseThrow(() -> new ChainException("height index is missing a block below "
                    + "the head")));
        }
        return out;
    }

    /** The height of the block that used {@code nullifier}, if one on the chain did. */
    public Optional<Long> nullifierHeight(Bytes nullifier) {
        Objects.requireNonNull(nullifier, "nullifier");
        Optional<byte[]> value = store.get(ChainKeys.nullifier(nullifier));
        if (value.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer v = exact(value.get(), NULLIFIER_LENGTH, "chain:n:" + nullifier);
        long height = v.getLong();
        Bytes blockHash = take(v, 32);
        // Only a nullifier whose block is on the chain counts (see the class comment on torn writes).
        return summary(height).filter(s -> s.hash().equals(blockHash)).map(s -> height);
    }

    /** Whether {@code nullifier} is already in a block of the chain. */
    public boolean isUsed(Bytes nullifier) {
        return nullifierHeight(nullifier).isPresent();
    }

    /** Every nullifier a block consumes: its share's and its proofs'. */
    public static List<Bytes> nullifiersOf(Block block) {
        List<Bytes> out = new ArrayList<>(block.proofs().size() + 1);
        out.add(block.hashShare().nullifier());
        for (ProofEnvelope proof : block.proofs()) {
            out.add(proof.nullifier());
        }
        return out;
    }

    private static void writeBlock(WriteBatch batch, Block block, Seal seal) {
        batch.put(ChainKeys.block(block.hash()), PoiesJson.toJson(block).getBytes(StandardCharsets.UTF_8));
        batch.put(ChainKeys.seal(block.hash()), seal.encode());
        batch.put(ChainKeys.height(block.height()), ByteBuffer.allocate(HEIGHT_LENGTH).put(block.hash().toArray())
                .putLong(block.template().time()).putLong(block.template().thetaMicro()).array());
        byte[] nullifierValue = ByteBuffer.allocate(NULLIFIER_LENGTH).putLong(block.height())
                .put(block.hash().toArray()).array();
        for (Bytes nullifier : nullifiersOf(block)) {
            batch.put(ChainKeys.nullifier(nullifier), nullifierValue);
        }
    }

    private Optional<Block> readBlock(Bytes hash) {
        return store.get(ChainKeys.block(hash)).map(bytes -> {
            try {
                Block block = PoiesJson.parseBlock(new String(bytes, StandardCharsets.UTF_8));
                if (!block.hash().equals(hash)) {
                    throw new ChainException("block stored under " + hash + " has hash " + block.hash());
                }
                return block;
            } catch (SchemaException e) {
                throw new ChainException("block " + hash + " in the store does not decode: " + e.getMessage(), e);
            }
        });
    }

    private void checkHead() {
        Head h = head;
        BlockSummary s = store.get(ChainKeys.height(h.height)).map(v -> decodeSummary(h.height, v))
                .orElseThrow(() -> new ChainException("chain:head names height " + h.height
                        + " but the height index has no block there: the chain store is damaged"));
        if (!s.hash().equals(h.hash) || !store.get(ChainKeys.block(h.hash)).isPresent()) {
            throw new ChainException("chain:head names block " + h.hash + " at height " + h.height
                    + " but the store holds " + s.hash() + " there (or not the block): the chain store is damaged");
        }
    }

    /** Removes height entries a torn append left above the head, so a later append starts clean. */
    private void removeAboveHead() {
        long height = head.height + 1;
        while (true) {
            Optional<byte[]> orphan = store.get(ChainKeys.height(height));
            if (orphan.isEmpty()) {
                return;
            }
            BlockSummary s = decodeSummary(height, orphan.get());
            LOG.warn("removing block {} at height {} above the head {}: its append did not complete", s.hash(),
                    height, head.height);
            long h = height;
            store.batch(batch -> {
                batch.delete(ChainKeys.height(h));
                batch.delete(ChainKeys.block(s.hash()));
                batch.delete(ChainKeys.seal(s.hash()));
            });
            height++;
        }
    }

    private static Optional<Head> readHead(KeyValueStore store) {
        return store.get(ChainKeys.HEAD).map(bytes -> {
            ByteBuffer b = exact(bytes, HEAD_LENGTH, "chain:head");
            checkVersion(b.get(), "chain:head");
            return new Head(b.getLong(), take(b, 32), b.getLong(), b.getLong());
        });
    }

    private static BlockSummary decodeSummary(long height, byte[] value) {
        ByteBuffer v = exact(value, HEIGHT_LENGTH, "chain:h:" + height);
        return new BlockSummary(height, take(v, 32), v.getLong(), v.getLong());
    }

    private static ByteBuffer exact(byte[] value, int length, String key) {
        if (value.length != length) {
            throw new ChainException(key + " holds " + value.length + " bytes, expected " + length
                    + ": the chain store is damaged or from another version");
        }
        return ByteBuffer.wrap(value);
    }

    private static void checkVersion(byte version, String key) {
        if (version != VERSION) {
            throw new ChainException(key + " has format version " + version + ", this node reads " + VERSION);
        }
    }

    private static Bytes take(ByteBuffer buffer, int length) {
        byte[] out = new byte[length];
        buffer.get(out);
        return Bytes.of(out);
    }

    /**
     * The head of the chain.
     *
     * @param height the head's height
     * @param hash the head's hash
     * @param time the head's template time, unix seconds
     * @param nextThetaMicro Θ the next block must meet
     */
    public record Head(long height, Bytes hash, long time, long nextThetaMicro) {

        byte[] encode() {
            return ByteBuffer.allocate(HEAD_LENGTH).put(VERSION).putLong(height).put(hash.toArray()).putLong(time)
                    .putLong(nextThetaMicro).array();
        }
    }
}
