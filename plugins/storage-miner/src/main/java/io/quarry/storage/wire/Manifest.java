package io.quarry.storage.wire;

import java.util.List;

/**
 * How a file was stored: what the validator keeps per file, and answers QueryManifest with.
 *
 * @param fileId the file's id: BLAKE3 of its bytes, in hex
 * @param size bytes in the file
 * @param stripeSize bytes of file per stripe (the last may have fewer)
 * @param dataShards data shards per stripe
 * @param parityShards parity shards per stripe
 * @param epoch the cluster map epoch the file was placed with
 * @param createdAtMillis when it was stored
 * @param stripes each stripe's shards
 * @param roots each stripe's per-shard proof-of-storage Merkle roots (hex), in shard order
 * @param pushStartedAtMillis when the validator began pushing the file's shards (its clock); 0 when unknown
 *     (absent from a manifest written before this field: no evidence)
 * @param pushedInFull whether every miner the map named took its shard of every stripe at upload (absent from an
 *     older manifest: false, so nothing is assumed)
 */
public record Manifest(String fileId, long size, int stripeSize, int dataShards, int parityShards, long epoch,
                       long createdAtMillis, List<StripeRef> stripes, List<List<String>> roots,
                       long pushStartedAtMillis, boolean pushedInFull) {
}
