package io.quarry.randomx.daemon;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * A block this node submitted to monerod and monerod accepted.
 *
 * @param height the block's height
 * @param powHash the RandomX hash the node computed for it, in hex: monerod's {@code pow_hash} for the block
 * @param difficulty the block difficulty it met
 * @param worker which worker found it: 0 for the node's own engine, others for outside miners
 * @param at when monerod accepted it
 */
public record FoundBlock(long height, String powHash, BigInteger difficulty, int worker, Instant at) {

    public FoundBlock {
        Objects.requireNonNull(powHash, "powHash");
        Objects.requireNonNull(difficulty, "difficulty");
        Objects.requireNonNull(at, "at");
    }
}
