package io.quarry.poies.node;

import io.quarry.poies.model.Bytes;
import java.util.Objects;

/**
 * The tip of the chain ({@code chain_getHead}).
 *
 * @param height the head block's height (0 is genesis)
 * @param hash the head block's hash
 * @param time the head block's template time, unix seconds
 * @param thetaMicro Θ the next block must meet, in micro-nats (from the retarget over recent blocks)
 */
public record ChainHead(long height, Bytes hash, long time, long thetaMicro) {

    public ChainHead {
        Objects.requireNonNull(hash, "hash");
    }
}
