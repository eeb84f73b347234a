package io.quarry.subnet.metagraph;

/** The source when {@code metagraph_file} is not set: no neuron is known, so no caller is a validator. */
public final class NoMetagraph implements MetagraphSource {

    @Override
    public Metagraph current() {
        return Metagraph.EMPTY;
    }

    @Override
    public String describe() {
        return "none (metagraph_file is not set, so every signed request is refused with 403)";
    }
}
