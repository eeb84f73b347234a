package io.quarry.poies.chain;

import io.quarry.poies.model.Bytes;
import java.util.Objects;

/**
 * What the chain keeps per height beside the block itself, enough for the Θ retarget and for listings without
 * decoding blocks.
 *
 * @param height the height
 * @param hash the block hash
 * @param time the block's template time, unix seconds
 * @param thetaMicro the Θ the block met, in micro-nats
 */
public record BlockSummary(long height, Bytes hash, long time, long thetaMicro) {

    public BlockSummary {
        Objects.requireNonNull(hash, "hash");
    }
}
