package io.quarry.randomx.daemon;

import io.quarry.randomx.job.MoneroJob;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A block template from monerod's {@code get_block_template}, parsed far enough to fill its reserved area (the
 * bytes monerod left free in the miner transaction's extra field, {@code reserved_offset}, {@code reserve_size}
 * long) with a per-worker value and rebuild the hashing blob from that, as a pool does for each miner.
 *
 * <p>Layout (CryptoNote block serialization): header = major varint, minor varint, timestamp varint, 32-byte
 * previous id, 4-byte nonce; then the miner transaction (version, unlock time, one {@code txin_gen} input,
 * outputs, extra, and for version 2 the RingCT type byte, 0 for a coinbase); then a varint count and the
 * 32-byte hashes of the other transactions. The hashing blob ({@code get_block_hashing_blob}) is the header,
 * the tree hash of the miner transaction's hash and the others, and the varint count of all transactions.
 *
 * <p>A version 2 transaction's hash is {@code H(H(prefix) || H(rct base) || H(rct prunable))}; a coinbase's
 * RingCT base is the single type byte 0 and its prunable part hashes to 32 zero bytes (monerod
 * {@code calculate_transaction_hash}). H is Keccak-256.
 */
public final class BlockTemplate {

    private static final byte[] NULL_HASH = new byte[32];

    private final byte[] blob;
    private final int reservedOffset;
    private final int reserveSize;
    private final BigInteger difficulty;
    private final long height;
    private final byte[] seedHash;
    private final String prevHash;
    private final int minerTxStart;
    private final int minerTxPrefixEnd;
    private final int minerTxEnd;
    private final boolean ringCt;
    private final List<byte[]> txHashes;

    /**
     * Parses and checks a template.
     *
     * @throws IllegalArgumentException when the blob is not a block monerod could have made, the nonce is not
     *     at {@link MoneroJob#NONCE_OFFSET}, or the reserved area is not inside the miner transaction's extra
     */
    public BlockTemplate(byte[] blob, int reservedOffset, int reserveSize, BigInteger difficulty, long height,
                         byte[] seedHash, String prevHash) {
        this.blob = Objects.requireNonNull(blob, "blob").clone();
        this.reservedOffset = reservedOffset;
        this.reserveSize = reserveSize;
        this.difficulty = Objects.requireNonNull(difficulty, "difficulty");
        this.height = height;
        this.seedHash = Objects.requireNonNull(seedHash, "seedHash").clone();
        this.prevHash = Objects.requireNonNull(prevHash, "prevHash");
        if (seedHash.length != 32) {
            throw new IllegalArgumentException("seed_hash must be 32 bytes, was " + seedHash.length);
        }
        if (difficulty.signum() <= 0) {
            throw new IllegalArgumentException("difficulty must be >= 1, was " + difficulty);
        }
        Varint.Reader r = new Varint.Reader(this.blob, 0);
        r.varint("major_version");
        r.varint("minor_version");
        r.varint("timestamp");
        r.skip(32, "prev_id");
        if (r.position() != MoneroJob.NONCE_OFFSET) {
            throw new IllegalArgumentException("nonce is at byte " + r.position() + ", miners expect "
                    + MoneroJob.NONCE_OFFSET);
        }
        r.skip(4, "nonce");
        this.minerTxStart = r.position();
        long version = r.varint("miner_tx.version");
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("miner_tx.version must be 1 or 2, was " + version);
        }
        this.ringCt = version == 2;
        r.varint("miner_tx.unlock_time");
        if (r.varint("miner_tx.vin count") != 1 || r.u8("miner_tx.vin[0] type") != 0xFF) {
            throw new IllegalArgumentException("miner_tx must have exactly one txin_gen input");
        }
        r.varint("miner_tx.vin[0].height");
        long outputs = r.varint("miner_tx.vout count");
        for (long i = 0; i < outputs; i++) {
            r.varint("miner_tx.vout amount");
            int type = r.u8("miner_tx.vout target type");
            // txout_to_key (0x02): 32-byte key; txout_to_tagged_key (0x03, since v15): key + 1-byte view tag
            if (type != 0x02 && type != 0x03) {
                throw new IllegalArgumentException("miner_tx output type " + type + " is not to_key (2) or"
                        + " to_tagged_key (3)");
            }
            r.skip(type == 0x02 ? 32 : 33, "miner_tx.vout key");
        }
        long extraSize = r.varint("miner_tx.extra size");
        int extraStart = r.position();
        r.skip(extraSize, "miner_tx.extra");
        int extraEnd = r.position();
        if (reserveSize < 1 || reservedOffset < extraStart || reservedOffset + (long) reserveSize > extraEnd) {
            throw new IllegalArgumentException("reserved area " + reservedOffset + "+" + reserveSize
                    + " is not inside miner_tx.extra (" + extraStart + ".." + extraEnd + ")");
        }
        this.minerTxPrefixEnd = r.position();
        if (ringCt && r.u8("miner_tx.rct_signatures.type") != 0) {
            throw new IllegalArgumentException("a coinbase must have RingCT type 0");
        }
        this.minerTxEnd = r.position();
        long txCount = r.varint("tx_hashes count");
        if (txCount > (blob.length - r.position()) / 32) {
            throw new IllegalArgumentException("tx_hashes count " + txCount + " does not fit the blob");
        }
        List<byte[]> hashes = new ArrayList<>((int) txCount);
        for (long i = 0; i < txCount; i++) {
            int at = r.position();
            r.skip(32, "tx_hashes[" + i + "]");
            byte[] h = new byte[32];
            System.arraycopy(this.blob, at, h, 0, 32);
            hashes.add(h);
        }
        if (r.position() != blob.length) {
            throw new IllegalArgumentException((blob.length - r.position()) + " bytes left after the block");
        }
        this.txHashes = List.copyOf(hashes);
    }

    /** The block blob with {@code reserved} in the reserved area (zero-padded) and {@code nonce} in place. */
    public byte[] blockBlob(byte[] reserved, int nonce) {
        byte[] out = withReserved(reserved);
        for (int i = 0; i < 4; i++) {
            out[MoneroJob.NONCE_OFFSET + i] = (byte) (nonce >>> (8 * i));
        }
        return out;
    }

    /** The hashing blob of the block with {@code reserved} in the reserved area, nonce zero. */
    public byte[] hashingBlob(byte[] reserved) {
        byte[] block = withReserved(reserved);
        List<byte[]> all = new ArrayList<>(txHashes.size() + 1);
        all.add(minerTxHash(block));
        all.addAll(txHashes);
        ByteArrayOutputStream out = new ByteArrayOutputStream(minerTxStart + 40);
        out.write(block, 0, minerTxStart);
        out.writeBytes(TreeHash.root(all));
        out.writeBytes(Varint.encode(all.size()));
        return out.toByteArray();
    }

    private byte[] minerTxHash(byte[] block) {
        if (!ringCt) {
            return Keccak.hash256(slice(block, minerTxStart, minerTxEnd));
        }
        byte[] three = new byte[96];
        System.arraycopy(Keccak.hash256(slice(block, minerTxStart, minerTxPrefixEnd)), 0, three, 0, 32);
        System.arraycopy(Keccak.hash256(slice(block, minerTxPrefixEnd, minerTxEnd)), 0, three, 32, 32);
        System.arraycopy(NULL_HASH, 0, three, 64, 32);
        return Keccak.hash256(three);
    }

    private byte[] withReserved(byte[] reserved) {
        if (reserved.length > reserveSize) {
            throw new IllegalArgumentException("reserved value has " + reserved.length + " bytes, the area "
                    + reserveSize);
        }
        byte[] out = blob.clone();
        System.arraycopy(reserved, 0, out, reservedOffset, reserved.length);
        return out;
    }

    private static byte[] slice(byte[] data, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(data, from, out, 0, out.length);
        return out;
    }

    /** Network difficulty of the block (may exceed 64 bits). */
    public BigInteger difficulty() {
        return difficulty;
    }

    /** Height the block would have. */
    public long height() {
        return height;
    }

    /** The RandomX key for this height. */
    public byte[] seedHash() {
        return seedHash.clone();
    }

    /** Hex id of the block this one builds on. */
    public String prevHash() {
        return prevHash;
    }

    /** Bytes free for per-worker values. */
    public int reserveSize() {
        return reserveSize;
    }

    /** Transactions besides the miner transaction. */
    public int transactionCount() {
        return txHashes.size();
    }
}
