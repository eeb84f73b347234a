package io.quarry.randomx.daemon;

import java.util.Objects;

/**
 * The top of monerod's chain as {@code get_info} reports it.
 *
 * @param height the chain height (number of blocks; the next block has this height)
 * @param topBlockHash hex id of the top block
 */
public record ChainTip(long height, String topBlockHash) {

    public ChainTip {
        Objects.requireNonNull(topBlockHash, "topBlockHash");
    }
}
