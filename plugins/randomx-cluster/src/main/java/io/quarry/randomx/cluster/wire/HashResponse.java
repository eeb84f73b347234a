package io.quarry.randomx.cluster.wire;

import java.util.List;

/**
 * HASH_RESPONSE: the 32-byte RandomX hashes of a {@link HashRequest}'s blobs, in order.
 *
 * @param hashes one hash per requested blob
 */
public record HashResponse(List<byte[]> hashes) {

    public HashResponse {
        if (hashes == null || hashes.isEmpty() || hashes.size() > HashRequest.MAX_BLOBS) {
            throw new IllegalArgumentException("hashes must hold 1.." + HashRequest.MAX_BLOBS + " hashes");
        }
        for (byte[] hash : hashes) {
            WireChecks.bytes("hash", hash, 32);
        }
        hashes = List.copyOf(hashes);
    }
}
