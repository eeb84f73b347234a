package io.quarry.randomx.cluster.wire;

import java.util.List;

/**
 * HASH_REQUEST: a member that cannot hold the dataset asks the dataset host to hash a batch of blobs under a
 * RandomX key; answered by a {@link HashResponse} with the hashes in the same order.
 *
 * @param seedHash the 32-byte RandomX key
 * @param blobs 1 to {@value #MAX_BLOBS} blobs of at most {@value WorkUnit#MAX_BLOB_BYTES} bytes
 */
public record HashRequest(byte[] seedHash, List<byte[]> blobs) {

    /** Most blobs in one request. */
    public static final int MAX_BLOBS = 256;

    public HashRequest {
        WireChecks.bytes("seedHash", seedHash, 32);
        if (blobs == null || blobs.isEmpty() || blobs.size() > MAX_BLOBS) {
            throw new IllegalArgumentException("blobs must hold 1.." + MAX_BLOBS + " blobs");
        }
        for (byte[] blob : blobs) {
            if (blob == null || blob.length == 0 || blob.length > WorkUnit.MAX_BLOB_BYTES) {
                throw new IllegalArgumentException("each blob must be 1.." + WorkUnit.MAX_BLOB_BYTES + " bytes");
            }
        }
        blobs = List.copyOf(blobs);
    }
}
