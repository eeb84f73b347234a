package io.quarry.subnet.metagraph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A snapshot of a subnet's metagraph: its neurons, indexed by hotkey. Immutable. */
public final class Metagraph {

    /** A metagraph with no neurons (before any snapshot was read). */
    public static final Metagraph EMPTY = new Metagraph(0, 0, List.of());

    private final int netuid;
    private final long block;
    private final List<Neuron> neurons;
    private final Map<String, Neuron> byHotkey;

    /**
     * @param netuid the subnet
     * @param block the block the snapshot was taken at
     * @param neurons every neuron (the first of two with the same hotkey wins)
     */
    public Metagraph(int netuid, long block, List<Neuron> neurons) {
        this.netuid = netuid;
        this.block = block;
        this.neurons = List.copyOf(neurons);
        Map<String, Neuron> index = new HashMap<>();
        for (Neuron n : this.neurons) {
            index.putIfAbsent(n.hotkey(), n);
        }
        this.byHotkey = Map.copyOf(index);
    }

    public int netuid() {
        return netuid;
    }

    public long block() {
        return block;
    }

    public List<Neuron> neurons() {
        return neurons;
    }

    /** The neuron registered with {@code hotkey}. */
    public Optional<Neuron> byHotkey(String hotkey) {
        return Optional.ofNullable(byHotkey.get(hotkey));
    }

    /** How many neurons hold a validator permit. */
    public long validators() {
        return neurons.stream().filter(Neuron::validatorPermit).count();
    }
}
