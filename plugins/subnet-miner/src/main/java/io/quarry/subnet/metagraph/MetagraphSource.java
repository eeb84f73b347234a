package io.quarry.subnet.metagraph;

/**
 * Where the miner learns who the subnet's validators are. The JSON snapshot file is one source; a live chain
 * client can implement the same interface. Implementations are thread-safe and cheap to call per request.
 */
public interface MetagraphSource {

    /** The most recent snapshot; {@link Metagraph#EMPTY} when none could be read yet. */
    Metagraph current();

    /** A line for operators: where the snapshot comes from and how fresh it is. */
    String describe();
}
