package io.quarry.subnet.metagraph;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One neuron of a subnet's metagraph.
 *
 * @param uid the neuron's uid in the subnet
 * @param hotkey its hotkey (SS58)
 * @param coldkey its coldkey (SS58)
 * @param stake stake in TAO
 * @param validatorPermit whether it may set weights (act as a validator)
 * @param incentive its incentive, when the snapshot has it
 * @param emission its emission, when the snapshot has it
 */
public record Neuron(int uid, String hotkey, String coldkey, double stake, boolean validatorPermit,
                     OptionalDouble incentive, OptionalDouble emission) {

    public Neuron {
        Objects.requireNonNull(hotkey, "hotkey");
        Objects.requireNonNull(coldkey, "coldkey");
        Objects.requireNonNull(incentive, "incentive");
        Objects.requireNonNull(emission, "emission");
    }
}
