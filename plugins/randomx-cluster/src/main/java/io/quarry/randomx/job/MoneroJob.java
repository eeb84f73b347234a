package io.quarry.randomx.job;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One unit of Monero mining work: a hashing blob to vary the nonce of, the target a result must meet, and the
 * RandomX key (seed hash) to hash it with.
 *
 * <p>The nonce is 4 bytes, little-endian, at offset {@value #NONCE_OFFSET} of the blob (Monero block header:
 * major and minor version varints, a 5-byte timestamp varint, the 32-byte previous block id, then the nonce;
 * XMRig's {@code Job::nonceOffset} is 39 for every RandomX coin). A blob is at least {@value #MIN_BLOB_BYTES}
 * bytes: the 43-byte header, the 32-byte transaction tree root and a transaction count varint.
 *
 * @param jobId the upstream job id, echoed when submitting
 * @param blob the hashing blob (copied in and out)
 * @param target the 64-bit share target, see {@link MoneroDifficulty}
 * @param seedHash the 32-byte RandomX key (copied in and out)
 * @param height the block height the job mines at, 0 when the upstream did not say
 * @param algo the algorithm name, {@code "rx/0"} for Monero
 * @param worker which worker's slice of the upstream work this is ({@link WorkSource#forWorker}); -1 for the
 *     undivided job
 * @param fixedNonceByte whether the nonce's most significant byte (blob offset 42) is fixed and only the low
 *     24 bits may vary, as in XMRig's "nicehash" mode
 */
public record MoneroJob(String jobId, byte[] blob, long target, byte[] seedHash, long height, String algo,
                        int worker, boolean fixedNonceByte) {

    /** Monero Stratum: the nonce is 4 bytes little-endian at offset 39 of the blob. */
    public static final int NONCE_OFFSET = 39;
    /** 43-byte header + 32-byte tree root + at least one byte of transaction count. */
    public static final int MIN_BLOB_BYTES = 76;
    /** Generous bound on a hashing blob; Monero's are 76 to 80 bytes. */
    public static final int MAX_BLOB_BYTES = 512;
    /** The RandomX variant Monero uses, as XMRig and pools name it. */
    public static final String ALGO_RX0 = "rx/0";

    private static final HexFormat HEX = HexFormat.of();

    public MoneroJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(algo, "algo");
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(seedHash, "seedHash");
        if (blob.length < MIN_BLOB_BYTES || blob.length > MAX_BLOB_BYTES) {
            throw new IllegalArgumentException("blob must be " + MIN_BLOB_BYTES + ".." + MAX_BLOB_BYTES
                    + " bytes, was " + blob.length);
        }
        if (seedHash.length != 32) {
            throw new IllegalArgumentException("seed hash must be 32 bytes, was " + seedHash.length);
        }
        if (target == 0) {
            throw new IllegalArgumentException("target must not be 0");
        }
        blob = blob.clone();
        seedHash = seedHash.clone();
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    @Override
    public byte[] seedHash() {
        return seedHash.clone();
    }

    /** The share difficulty of {@link #target()}. */
    public long difficulty() {
        return MoneroDifficulty.difficultyOf(target);
    }

    /** The blob with {@code nonce} written little-endian at {@link #NONCE_OFFSET}. */
    public byte[] blobWithNonce(int nonce) {
        byte[] out = blob.clone();
        writeNonce(out, nonce);
        return out;
    }

    /** The nonce currently in the blob (non-zero in the top byte for a {@link #fixedNonceByte()} job). */
    public int blobNonce() {
        return (int) MoneroDifficulty.littleEndian(blob, NONCE_OFFSET, 4);
    }

    /**
     * This job for worker {@code prefix} of 256 by fixing the nonce's most significant byte (blob offset 42),
     * as xmrig-proxy does for "nicehash" miners: XMRig then varies only the low 24 bits.
     *
     * @throws IllegalStateException when the upstream already fixed that byte (a nicehash pool job)
     */
    public MoneroJob withNoncePrefix(int prefix) {
        if (prefix < 0 || prefix > 255) {
            throw new IllegalArgumentException("nonce prefix must be 0..255, was " + prefix);
        }
        if (!fixedNonceByte && blob[NONCE_OFFSET + 3] != 0) {
            throw new IllegalStateException("job " + jobId + " already fixes the nonce's top byte; it cannot be split");
        }
        byte[] out = blob.clone();
        out[NONCE_OFFSET + 3] = (byte) prefix;
        return new MoneroJob(jobId, out, target, seedHash, height, algo, prefix, true);
    }

    /** A copy with another target. */
    public MoneroJob withTarget(long newTarget) {
        return new MoneroJob(jobId, blob, newTarget, seedHash, height, algo, worker, fixedNonceByte);
    }

    /** Whether {@code nonce} lies in this job's range (its top byte equals the fixed byte, when fixed). */
    public boolean nonceInRange(int nonce) {
        return !fixedNonceByte || (byte) (nonce >>> 24) == blob[NONCE_OFFSET + 3];
    }

    /** Monero Stratum's nonce hex: the 4 nonce bytes as they sit in the blob (little-endian), 8 characters. */
    public static String nonceHex(int nonce) {
        return HEX.formatHex(MoneroDifficulty.littleEndianBytes(nonce & 0xFFFFFFFFL, 4));
    }

    /**
     * Reads Monero Stratum's nonce hex (8 characters, little-endian bytes).
     *
     * @throws IllegalArgumentException when it is not exactly 8 hex characters
     */
    public static int parseNonceHex(String hex) {
        if (hex == null || hex.length() != 8) {
            throw new IllegalArgumentException("nonce must be 8 hex characters");
        }
        return (int) MoneroDifficulty.littleEndian(MoneroDifficulty.parseHex(hex, "nonce"), 0, 4);
    }

    static void writeNonce(byte[] blob, int nonce) {
        for (int i = 0; i < 4; i++) {
            blob[NONCE_OFFSET + i] = (byte) (nonce >>> (8 * i));
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MoneroJob job && jobId.equals(job.jobId) && Arrays.equals(blob, job.blob)
                && target == job.target && Arrays.equals(seedHash, job.seedHash) && height == job.height
                && algo.equals(job.algo) && worker == job.worker && fixedNonceByte == job.fixedNonceByte;
    }

    @Override
    public int hashCode() {
        return Objects.hash(jobId, Arrays.hashCode(blob), target, Arrays.hashCode(seedHash), height, worker);
    }

    @Override
    public String toString() {
        return "MoneroJob[" + jobId + " height=" + height + " diff=" + difficulty() + " worker=" + worker
                + " seed=" + HEX.formatHex(seedHash, 0, 4) + "..]";
    }
}
