package io.quarry.poies.proof.dev;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.proof.codec.CanonicalWriter;

/**
 * Reproducible pseudo-random bytes from a seed: Keccak-256 of the seed and a block counter, block after block.
 * The dev jobs draw their weights, inputs, circuits and trap positions from it, so every run of a job, on any
 * machine, sees the same numbers.
 */
final class DeterministicStream {

    private final Bytes seed;
    private byte[] block = new byte[0];
    private int position;
    private int counter;

    DeterministicStream(Bytes seed) {
        this.seed = seed;
    }

    /** The next byte, 0..255. */
    int nextByte() {
        if (position == block.length) {
            block = CanonicalWriter.tagged("quarry:poies:dev:stream").fixed(seed).u32(counter++).keccak256().toArray();
            position = 0;
        }
        return block[position++] & 0xff;
    }

    /** A signed byte, -128..127. */
    int nextSignedByte() {
        return (byte) nextByte();
    }

    /** A uniform int in [0, bound), bound at most 65536 (rejection sampling on 16 bits, so no bias). */
    int nextInt(int bound) {
        if (bound < 1 || bound > 65536) {
            throw new IllegalArgumentException("bound must be in [1, 65536], was " + bound);
        }
        int limit = 65536 - 65536 % bound;
        while (true) {
            int value = (nextByte() << 8) | nextByte();
            if (value < limit) {
                return value % bound;
            }
        }
    }
}
