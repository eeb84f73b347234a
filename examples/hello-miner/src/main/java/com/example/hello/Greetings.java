package com.example.hello;

import io.quarry.api.store.KeyValueStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The greetings this node received (over JSON-RPC or from other nodes), kept in the plugin's store so the count
 * survives a restart. Thread-safe: one count and one last greeting, written together in one batch.
 */
final class Greetings {

    private static final byte[] COUNT = "greetings/count".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LAST = "greetings/last".getBytes(StandardCharsets.UTF_8);

    private final KeyValueStore store;

    Greetings(KeyValueStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Records one greeting from {@code from} and returns how many there have been, this one included. */
    synchronized long record(String from, String text) {
        long next = count() + 1;
        byte[] last = (from + ": " + text).getBytes(StandardCharsets.UTF_8);
        store.batch(batch -> batch.put(COUNT, ByteBuffer.allocate(Long.BYTES).putLong(next).array()).put(LAST, last));
        return next;
    }

    /** How many greetings this node has received. */
    long count() {
        return store.get(COUNT).map(bytes -> ByteBuffer.wrap(bytes).getLong()).orElse(0L);
    }

    /** The most recent greeting, as {@code "from: text"}. */
    Optional<String> last() {
        return store.get(LAST).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }
}
