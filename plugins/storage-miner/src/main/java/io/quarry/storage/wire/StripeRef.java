package io.quarry.storage.wire;

import java.util.List;

/**
 * A stripe of a file and its shards.
 *
 * @param fileId the file
 * @param stripe the stripe's index in the file
 * @param pg its placement group
 * @param shardSize bytes in each shard
 * @param shards shard ids in shard order
 */
public record StripeRef(String fileId, int stripe, int pg, int shardSize, List<String> shards) {
}
