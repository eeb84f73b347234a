package io.quarry.randomx.hashing;

import java.util.HexFormat;

/**
 * A nonce whose hash met the job's 64-bit target. The receiver decides what it is worth: a pool share, or, after
 * the full 256-bit check, a block.
 *
 * @param job the job it was found for
 * @param nonce the nonce, 0 .. 2^32-1
 * @param hash the 32-byte RandomX hash of the blob with that nonce
 */
public record Candidate(HashJob job, long nonce, byte[] hash) {

    /** The blob with the nonce written in. */
    public byte[] blobWithNonce() {
        byte[] blob = job.blob();
        BlobNonce.write(blob, nonce);
        return blob;
    }

    /** The nonce as Monero Stratum submits it (4 bytes LE in hex). */
    public String nonceHex() {
        return BlobNonce.hex(nonce);
    }

    /** The hash in hex. */
    public String hashHex() {
        return HexFormat.of().formatHex(hash);
    }
}
