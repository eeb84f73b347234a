package io.quarry.kernel.store;

import io.quarry.api.store.Cursor;
import io.quarry.api.store.Entry;
import io.quarry.api.store.StoreException;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * A prefix scan over a RocksDB snapshot: seek to the prefix, then step while keys still start with it.
 * Holds a snapshot, read options and an iterator (native memory) until closed, until exhausted, or until
 * the database closes; the database tracks open cursors so none outlives it.
 */
final class RocksCursor implements Cursor {

    private final RocksDatabase database;
    private final byte[] prefix;
    private final Snapshot snapshot;
    private final ReadOptions readOptions;
    private final RocksIterator iterator;
    private Entry pending;
    private boolean closed;
    private boolean closedByDatabase;

    private RocksCursor(RocksDatabase database, byte[] prefix, Snapshot snapshot, ReadOptions readOptions,
            RocksIterator iterator) {
        this.database = database;
        this.prefix = prefix;
        this.snapshot = snapshot;
        this.readOptions = readOptions;
        this.iterator = iterator;
    }

    static RocksCursor open(RocksDatabase database, ColumnFamilyHandle handle, byte[] prefix) {
        database.enter();
        try {
            Snapshot snapshot = database.db().getSnapshot();
            ReadOptions readOptions = new ReadOptions().setSnapshot(snapshot);
            RocksIterator iterator = database.db().newIterator(handle, readOptions);
            iterator.seek(prefix);
            RocksCursor cursor = new RocksCursor(database, prefix, snapshot, readOptions, iterator);
            database.register(cursor);
            return cursor;
        } finally {
            database.exit();
        }
    }

    @Override
    public boolean hasNext() {
        return guarded(this::hasNextLocked);
    }

    private boolean hasNextLocked() {
        if (pending != null) {
            return true;
        }
        if (closedByDatabase) {
            // Ending quietly here would pass for "no more entries"; the caller must know the scan was cut short.
            throw new StoreException("the database " + database.directory() + " closed during this scan");
        }
        if (closed) {
            return false;
        }
        pending = advance();
        if (pending == null) {
            release(); // exhausted: give the snapshot back now rather than whenever the caller closes
        }
        return pending != null;
    }

    private Entry advance() {
        if (!iterator.isValid()) {
            try {
                iterator.status();
            } catch (RocksDBException e) {
                throw new StoreException("scan failed in " + database.directory() + ": " + e.getMessage(), e);
            }
            return null;
        }
        byte[] key = iterator.key();
        if (!KeyPrefix.startsWith(key, prefix)) {
            return null;
        }
        Entry entry = new Entry(key, iterator.value());
        iterator.next();
        return entry;
    }

    @Override
    public Entry next() {
        return guarded(() -> {
            if (!hasNextLocked()) {
                throw new NoSuchElementException();
            }
            Entry entry = pending;
            pending = null;
            return entry;
        });
    }

    @Override
    public void close() {
        guarded(() -> {
            release();
            return null;
        });
    }

    /**
     * Runs {@code action} holding the database's read lock (so the native handles stay alive), then this
     * cursor's monitor; always in that order, the order {@link RocksDatabase#close()} takes them in, so the
     * two cannot deadlock. When the database is already closed the action runs without the read lock: the
     * database has released this cursor by then, so the action touches nothing native.
     */
    private <T> T guarded(Supplier<T> action) {
        boolean entered = false;
        try {
            database.enter();
            entered = true;
        } catch (StoreException databaseClosed) {
            // fall through: closed is set, see above
        }
        try {
            synchronized (this) {
                return action.get();
            }
        } finally {
            if (entered) {
                database.exit();
            }
        }
    }

    /** Called by the database, under its write lock, when it closes. */
    synchronized void closeByDatabase() {
        if (!closed) {
            closedByDatabase = true;
        }
        release();
    }

    private void release() {
        if (closed) {
            return;
        }
        closed = true;
        pending = null;
        iterator.close();
        database.db().releaseSnapshot(snapshot);
        readOptions.close();
        database.unregister(this);
    }
}
