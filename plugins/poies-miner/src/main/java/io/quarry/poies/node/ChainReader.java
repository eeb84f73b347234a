package io.quarry.poies.node;

import io.quarry.poies.chain.Seal;
import io.quarry.poies.model.Block;
import io.quarry.poies.model.Bytes;
import java.util.Optional;

/**
 * Read access to a PoIES node's chain: what code that only shows the chain (the recent-blocks route, block
 * lookups) needs from a {@link PoiesNode}, so it depends on nothing that admits shares or builds work.
 */
public interface ChainReader {

    /** The chain's head. */
    ChainHead head();

    /** The block at {@code height} on the chain, if sealed (0 is genesis). */
    Optional<Block> blockByHeight(long height);

    /** The block with this hash, if it is on the chain. */
    Optional<Block> blockByHash(Bytes hash);

    /** How the block with this hash met Θ (its H(u) and each proof's type and psi), if it is on the chain. */
    Optional<Seal> seal(Bytes blockHash);
}
