package io.quarry.kernel.miner;

import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every miner on the node, remembering which plugin registered each so a plugin's miners leave with it.
 * Plugins see it through {@link #forOwner(String)}.
 */
public final class KernelMinerRegistry {

    private record Registration(String owner, Miner miner) {
    }

    private final Map<String, Registration> miners = new LinkedHashMap<>();

    /** The view a plugin registers through. */
    public MinerRegistry forOwner(String owner) {
        Objects.requireNonNull(owner, "owner");
        return new MinerRegistry() {
            @Override
            public void register(Miner miner) {
                KernelMinerRegistry.this.register(owner, miner);
            }

            @Override
            public void unregister(String minerId) {
                KernelMinerRegistry.this.unregister(minerId);
            }

            @Override
            public List<Miner> all() {
                return KernelMinerRegistry.this.all();
            }

            @Override
            public Optional<Miner> find(String minerId) {
                return KernelMinerRegistry.this.find(minerId);
            }
        };
    }

    /** Adds a miner owned by {@code owner}. */
    public synchronized void register(String owner, Miner miner) {
        Objects.requireNonNull(miner, "miner");
        String id = Objects.requireNonNull(miner.id(), "miner id");
        if (miners.containsKey(id)) {
            throw new IllegalArgumentException("a miner with id '" + id + "' is already registered by "
                    + miners.get(id).owner());
        }
        miners.put(id, new Registration(owner, miner));
    }

    /** Removes a miner; harmless when absent. */
    public synchronized void unregister(String minerId) {
        miners.remove(minerId);
    }

    /** Removes every miner {@code owner} registered. */
    public synchronized void unregisterAll(String owner) {
        miners.values().removeIf(r -> r.owner().equals(owner));
    }

    /** All miners in registration order. */
    public synchronized List<Miner> all() {
        return miners.values().stream().map(Registration::miner).toList();
    }

    /** The miners {@code owner} registered. */
    public synchronized List<Miner> ownedBy(String owner) {
        List<Miner> owned = new ArrayList<>();
        for (Registration r : miners.values()) {
            if (r.owner().equals(owner)) {
                owned.add(r.miner());
            }
        }
        return owned;
    }

    /** The miner with this id. */
    public synchronized Optional<Miner> find(String minerId) {
        return Optional.ofNullable(miners.get(minerId)).map(Registration::miner);
    }
}
