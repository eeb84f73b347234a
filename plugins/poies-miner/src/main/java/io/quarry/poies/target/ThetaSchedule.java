package io.quarry.poies.target;

import io.quarry.poies.chain.BlockSummary;
import java.util.List;

/** Θ for each block: where a chain starts, and the retarget toward the configured block time. */
public interface ThetaSchedule {

    /** Θ for block 1 of a new chain, in micro-nats. */
    long genesisThetaMicro();

    /** Blocks of history {@link #nextThetaMicro} wants (the new block included). */
    int window();

    /**
     * Θ for the block after the last of {@code recent}, in micro-nats.
     *
     * @param recent up to {@link #window()} blocks, oldest first, ending with the block just sealed
     */
    long nextThetaMicro(List<BlockSummary> recent);
}
