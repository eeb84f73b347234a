package io.quarry.randomx.cluster.wire;

import java.util.List;

/**
 * HASH_REQUEST: a member that cannot hold the dataset asks the dataset host to hash a batch of blobs under a
 * RandomX key; answered by a {@link HashResponse} with the hashes in the same order. The tag proves the cluster
 * secret for this (member, host) pair, so the host serves members of its cluster only.
 *
 * @param seedHash the RandomX key, 1 to {@value #MAX_KEY_BYTES} bytes (Monero's seed hashes are 32)
 * @param blobs 1 to {@value #MAX_BLOBS} blobs of at most {@value WorkUnit#MAX_BLOB_BYTES} bytes
 * @param mac HMAC-SHA256 under the cluster secret, see {@code docs/randomx-cluster-protocol.md}
 */
public record HashRequest(byte[] seedHash, List<byte[]> blobs, byte[] mac) {

    /** Most blobs in one request. */
    public static final int MAX_BLOBS = 256;
    /** RandomX keys are at most 60 bytes. */
    public static final int MAX_KEY_BYTES = 60;

    public HashRequest {
        if (seedHash == null || seedHash.length == 0 || seedHash.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("seedHash must be 1.." + MAX_KEY_BYTES + " bytes");
        }
        WireChecks.mac("mac", mac);
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
