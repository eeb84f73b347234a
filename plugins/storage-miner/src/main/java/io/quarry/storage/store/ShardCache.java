package io.quarry.storage.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The least recently used verified shards, bounded both by entries and by bytes so a cache of large shards
 * cannot exhaust the heap. Thread-safe.
 */
final class ShardCache {

    /** Entries kept at most (the hot-blob cache size of the storage network's reference miner). */
    static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<ShardId, byte[]> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;

    ShardCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    synchronized byte[] get(ShardId id) {
        byte[] data = entries.get(id);
        if (data == null) {
            misses++;
        } else {
            hits++;
        }
        return data;
    }

    synchronized void put(ShardId id, byte[] data) {
        if (data.length > maxBytes) {
            return;
        }
        byte[] old = entries.put(id, data);
        bytes += data.length - (old == null ? 0 : old.length);
        var it = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
            Map.Entry<ShardId, byte[]> eldest = it.next();
            bytes -= eldest.getValue().length;
            it.remove();
        }
    }

    synchronized void remove(ShardId id) {
        byte[] old = entries.remove(id);
        if (old != null) {
            bytes -= old.length;
        }
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }
}
