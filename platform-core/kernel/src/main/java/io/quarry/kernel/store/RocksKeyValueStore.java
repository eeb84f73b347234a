package io.quarry.kernel.store;

import io.quarry.api.store.Cursor;
import io.quarry.api.store.KeyValueStore;
import io.quarry.api.store.StoreException;
import io.quarry.api.store.WriteBatch;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;

/**
 * One column family of a {@link RocksDatabase} as a {@link KeyValueStore}. RocksDB's default bytewise
 * comparator orders keys as unsigned bytes, as the contract asks. Arrays crossing JNI are copies both ways,
 * so callers may reuse theirs. Thread-safe.
 */
public final class RocksKeyValueStore implements KeyValueStore {

    private final RocksDatabase database;
    private final ColumnFamilyHandle handle;

    RocksKeyValueStore(RocksDatabase database, ColumnFamilyHandle handle) {
        this.database = database;
        this.handle = handle;
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
        Objects.requireNonNull(key, "key");
        database.enter();
        try {
            return Optional.ofNullable(database.db().get(handle, key));
        } catch (RocksDBException e) {
            throw failure("read", e);
        } finally {
            database.exit();
        }
    }

    @Override
    public void put(byte[] key, byte[] value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        database.enter();
        try {
            database.db().put(handle, database.writeOptions(), key, value);
        } catch (RocksDBException e) {
            throw failure("write", e);
        } finally {
            database.exit();
        }
    }

    @Override
    public void delete(byte[] key) {
        Objects.requireNonNull(key, "key");
        database.enter();
        try {
            database.db().delete(handle, database.writeOptions(), key);
        } catch (RocksDBException e) {
            throw failure("delete", e);
        } finally {
            database.exit();
        }
    }

    @Override
    public void batch(Consumer<WriteBatch> writes) {
        Objects.requireNonNull(writes, "writes");
        // The native batch only buffers; nothing reaches the database unless the consumer returns normally.
        try (org.rocksdb.WriteBatch nativeBatch = new org.rocksdb.WriteBatch()) {
            BatchAdapter adapter = new BatchAdapter(nativeBatch);
            try {
                writes.accept(adapter);
            } finally {
                adapter.open = false;
            }
            database.enter();
            try {
                database.db().write(database.writeOptions(), nativeBatch);
            } catch (RocksDBException e) {
                throw failure("batch write", e);
            } finally {
                database.exit();
            }
        }
    }

    @Override
    public Cursor scan(byte[] prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return RocksCursor.open(database, handle, prefix.clone());
    }

    private StoreException failure(String operation, RocksDBException e) {
        return new StoreException("RocksDB " + operation + " failed in " + database.directory() + ": " + e.getMessage(), e);
    }

    /** Records writes into the native batch; refuses use after the batch call has finished. */
    private final class BatchAdapter implements WriteBatch {
        private final org.rocksdb.WriteBatch target;
        private volatile boolean open = true;

        BatchAdapter(org.rocksdb.WriteBatch target) {
            this.target = target;
        }

        @Override
        public WriteBatch put(byte[] key, byte[] value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            checkOpen();
            try {
                target.put(handle, key, value);
            } catch (RocksDBException e) {
                throw failure("batch put", e);
            }
            return this;
        }

        @Override
        public WriteBatch delete(byte[] key) {
            Objects.requireNonNull(key, "key");
            checkOpen();
            try {
                target.delete(handle, key);
            } catch (RocksDBException e) {
                throw failure("batch delete", e);
            }
            return this;
        }

        private void checkOpen() {
            if (!open) {
                throw new IllegalStateException("this WriteBatch was used after its batch() call returned");
            }
        }
    }
}
