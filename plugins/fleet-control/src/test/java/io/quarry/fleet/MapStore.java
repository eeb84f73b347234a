package io.quarry.fleet;

import io.quarry.api.store.Cursor;
import io.quarry.api.store.Entry;
import io.quarry.api.store.KeyValueStore;
import io.quarry.api.store.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/** An in-memory {@link KeyValueStore} for unit tests (nodes in the testkit use the real one). */
public final class MapStore implements KeyValueStore {

    private final TreeMap<byte[], byte[]> map = new TreeMap<>(Arrays::compareUnsigned);

    @Override
    public synchronized Optional<byte[]> get(byte[] key) {
        return Optional.ofNullable(map.get(key)).map(byte[]::clone);
    }

    @Override
    public synchronized void put(byte[] key, byte[] value) {
        map.put(key.clone(), value.clone());
    }

    @Override
    public synchronized void delete(byte[] key) {
        map.remove(key);
    }

    @Override
    public synchronized void batch(Consumer<WriteBatch> writes) {
        writes.accept(new WriteBatch() {
            @Override
            public WriteBatch put(byte[] key, byte[] value) {
                MapStore.this.put(key, value);
                return this;
            }

            @Override
            public WriteBatch delete(byte[] key) {
                MapStore.this.delete(key);
                return this;
            }
        });
    }

    @Override
    public synchronized Cursor scan(byte[] prefix) {
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : map.tailMap(prefix, true).entrySet()) {
            if (e.getKey().length < prefix.length || !Arrays.equals(e.getKey(), 0, prefix.length, prefix, 0, prefix.length)) {
                break;
            }
            out.add(new Entry(e.getKey().clone(), e.getValue().clone()));
        }
        Iterator<Entry> it = out.iterator();
        return new Cursor() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Entry next() {
                return it.next();
            }

            @Override
            public void close() {
            }
        };
    }
}
