package io.quarry.testkit;

import io.quarry.api.store.Cursor;
import io.quarry.api.store.Entry;
import io.quarry.api.store.KeyValueStore;
import io.quarry.api.store.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * A {@link KeyValueStore} held in memory: a plugin test's stand-in for {@code NodeContext.store()}. It keeps every
 * promise of the contract except durability: its content is gone when the JVM exits. Thread-safe.
 */
public final class MemoryKeyValueStore implements KeyValueStore {

    private final ConcurrentSkipListMap<byte[], byte[]> entries = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
    // Writers take the write lock so a reader never sees half a batch; single reads and scans take the read lock.
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    @Override
    public Optional<byte[]> get(byte[] key) {
        Objects.requireNonNull(key, "key");
        lock.readLock().lock();
        try {
            return Optional.ofNullable(entries.get(key)).map(byte[]::clone);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void put(byte[] key, byte[] value) {
        batch(b -> b.put(key, value));
    }

    @Override
    public void delete(byte[] key) {
        batch(b -> b.delete(key));
    }

    @Override
    public void batch(Consumer<WriteBatch> writes) {
        Objects.requireNonNull(writes, "writes");
        List<Runnable> pending = new ArrayList<>();
        // Collect first, apply after: a consumer that throws midway leaves the store untouched.
        writes.accept(new WriteBatch() {
            @Override
            public WriteBatch put(byte[] key, byte[] value) {
                byte[] k = Objects.requireNonNull(key, "key").clone();
                byte[] v = Objects.requireNonNull(value, "value").clone();
                pending.add(() -> entries.put(k, v));
                return this;
            }

            @Override
            public WriteBatch delete(byte[] key) {
                byte[] k = Objects.requireNonNull(key, "key").clone();
                pending.add(() -> entries.remove(k));
                return this;
            }
        });
        lock.writeLock().lock();
        try {
            pending.forEach(Runnable::run);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Cursor scan(byte[] prefix) {
        Objects.requireNonNull(prefix, "prefix");
        List<Entry> snapshot = new ArrayList<>();
        lock.readLock().lock();
        try {
            NavigableMap<byte[], byte[]> range = upperBound(prefix)
                    .map(bound -> entries.subMap(prefix, true, bound, false))
                    .orElseGet(() -> entries.tailMap(prefix, true));
            range.forEach((k, v) -> snapshot.add(new Entry(k.clone(), v.clone())));
        } finally {
            lock.readLock().unlock();
        }
        return new ListCursor(snapshot.iterator());
    }

    /** A cursor over a copied list; it holds no resources, so closing only ends the iteration. */
    private static final class ListCursor implements Cursor {
        private final Iterator<Entry> delegate;
        private boolean closed;

        ListCursor(Iterator<Entry> delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean hasNext() {
            return !closed && delegate.hasNext();
        }

        @Override
        public Entry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return delegate.next(); // already copies, handed out once
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** The smallest key above every key starting with {@code prefix}; empty when the scan runs to the end. */
    private static Optional<byte[]> upperBound(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] bound = Arrays.copyOf(prefix, i + 1);
                bound[i]++;
                return Optional.of(bound);
            }
        }
        return Optional.empty();
    }
}
