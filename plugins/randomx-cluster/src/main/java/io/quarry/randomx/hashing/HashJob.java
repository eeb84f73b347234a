package io.quarry.randomx.hashing;

import java.util.HexFormat;
import java.util.Objects;

/**
 * Work for the miner threads, independent of where it came from (pool, daemon, cluster master). The lead maps
 * the Stratum and daemon job models onto this.
 *
 * @param id the source's job id, echoed in results
 * @param blob the hashing blob; the nonce goes at {@link BlobNonce#OFFSET}
 * @param target64 share target: a hash whose last 8 bytes (LE, unsigned) are below it is reported
 *     ({@link HashTarget})
 * @param seedHash the RandomX key (Monero's {@code seed_hash})
 * @param height block height, for logs and solo mining; 0 if unknown
 */
public record HashJob(String id, byte[] blob, long target64, byte[] seedHash, long height) {

    /** Checks and copies the arrays so later changes by the caller cannot reach the miners. */
    public HashJob {
        Objects.requireNonNull(id, "id");
        BlobNonce.check(Objects.requireNonNull(blob, "blob"));
        Objects.requireNonNull(seedHash, "seedHash");
        blob = blob.clone();
        seedHash = seedHash.clone();
    }

    /** A copy of the blob. */
    @Override
    public byte[] blob() {
        return blob.clone();
    }

    /** A copy of the seed hash. */
    @Override
    public byte[] seedHash() {
        return seedHash.clone();
    }

    /** The blob without copying, for the miner threads that only read it. */
    byte[] blobView() {
        return blob;
    }

    /** The seed without copying. */
    byte[] seedView() {
        return seedHash;
    }

    @Override
    public String toString() {
        return "HashJob[id=" + id + ", height=" + height + ", target64=" + Long.toUnsignedString(target64, 16)
                + ", seed=" + HexFormat.of().formatHex(seedHash) + ", blob=" + blob.length + " bytes]";
    }
}
