package io.quarry.randomx.stratum;

import java.util.BitSet;
import java.util.OptionalInt;

/**
 * Hands each connected miner a worker index of its own ({@link io.quarry.randomx.job.WorkSource#forWorker}),
 * lowest free first. Index 0 is never handed out: it belongs to the node's own hashing engine.
 */
final class SlotAllocator {

    private final int capacity;
    private final BitSet used = new BitSet();

    /** @param capacity indexes 1 to {@code capacity - 1} are handed out */
    SlotAllocator(int capacity) {
        this.capacity = capacity;
    }

    synchronized OptionalInt acquire() {
        int slot = used.nextClearBit(1);
        if (slot >= capacity || slot < 0) {
            return OptionalInt.empty();
        }
        used.set(slot);
        return OptionalInt.of(slot);
    }

    synchronized void release(int slot) {
        used.clear(slot);
    }

    synchronized int inUse() {
        return used.cardinality();
    }
}
