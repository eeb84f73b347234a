package io.quarry.subnet.metagraph;

import java.util.Optional;

/**
 * Who counts as a validator: registered in the metagraph, holding a validator permit and at least
 * {@code minStake} TAO.
 *
 * @param minStake the least stake accepted
 */
public record ValidatorPolicy(double minStake) {

    /** Why {@code hotkey} is not accepted as a validator in {@code metagraph}, or empty when it is. */
    public Optional<String> refusal(Metagraph metagraph, String hotkey) {
        Optional<Neuron> neuron = metagraph.byHotkey(hotkey);
        if (neuron.isEmpty()) {
            return Optional.of("not a validator: " + hotkey + " is not registered in the metagraph");
        }
        Neuron n = neuron.get();
        if (!n.validatorPermit()) {
            return Optional.of("not a validator: uid " + n.uid() + " has no validator permit");
        }
        if (n.stake() < minStake) {
            return Optional.of("not a validator: uid " + n.uid() + " has stake " + n.stake() + ", less than "
                    + minStake);
        }
        return Optional.empty();
    }
}
