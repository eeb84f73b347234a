package io.quarry.api.miner;

import java.util.List;
import java.util.Optional;

/**
 * Every miner on the node. Plugins register theirs; the dashboard, {@code /health} and fleet control list and
 * drive them. Miners a plugin registered are unregistered when it stops.
 */
public interface MinerRegistry {

    /**
     * Adds a miner.
     *
     * @throws IllegalArgumentException when a miner with the same id is registered
     */
    void register(Miner miner);

    /** Removes a miner; harmless when absent. */
    void unregister(String minerId);

    /** All registered miners, in registration order. */
    List<Miner> all();

    /** The miner with this id. */
    Optional<Miner> find(String minerId);
}
