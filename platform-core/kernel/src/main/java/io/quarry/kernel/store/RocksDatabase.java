package io.quarry.kernel.store;

import io.quarry.api.store.KeyValueStore;
import io.quarry.api.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one RocksDB database ({@code <data_dir>/db}), with a column family per plugin plus
 * {@value #KERNEL_COLUMN_FAMILY} for the kernel, each offered as a {@link KeyValueStore}.
 *
 * <p>Durability: every write goes to the write-ahead log before {@code put}/{@code batch} returns (the WAL
 * is on and not manually flushed), so an acknowledged write is in the OS page cache and survives the process
 * being killed, even with {@code kill -9}; on the next open RocksDB replays the WAL. Only a power loss or
 * kernel crash can lose page-cache data, which is what {@code syncWrites} (fsync per write) is for.
 *
 * <p>Thread-safe. {@link #close()} waits for operations in flight, closes open cursors, and is idempotent;
 * using a store afterwards fails with {@link StoreException} instead of touching freed native memory.
 */
public final class RocksDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RocksDatabase.class);

    /** The kernel's own column family, created with the database. */
    public static final String KERNEL_COLUMN_FAMILY = "kernel";
    private static final String DEFAULT_COLUMN_FAMILY = "default";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final RocksDB db;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions columnFamilyOptions;
    private final WriteOptions writeOptions;
    private final List<ColumnFamilyHandle> handles;
    private final Map<String, RocksKeyValueStore> stores = new ConcurrentHashMap<>();
    private final Set<RocksCursor> openCursors = ConcurrentHashMap.newKeySet();
    // Operations hold the read lock while they touch native handles; close() takes the write lock.
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private RocksDatabase(Path dir, RocksDB db, DBOptions dbOptions, ColumnFamilyOptions columnFamilyOptions,
            WriteOptions writeOptions, List<String> names, List<ColumnFamilyHandle> handles) {
        this.dir = dir;
        this.db = db;
        this.dbOptions = dbOptions;
        this.columnFamilyOptions = columnFamilyOptions;
        this.writeOptions = writeOptions;
        this.handles = new ArrayList<>(handles);
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).equals(DEFAULT_COLUMN_FAMILY)) {
                stores.put(names.get(i), new RocksKeyValueStore(this, handles.get(i)));
            }
        }
    }

    /**
     * Opens (creating if needed) the database in {@code dir}, with every column family it already has.
     *
     * @param syncWrites fsync the WAL on every write, surviving power loss too (slower)
     * @throws StoreException when the directory is in use by another process or cannot be opened
     */
    public static RocksDatabase open(Path dir, boolean syncWrites) {
        Objects.requireNonNull(dir, "dir");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create the database directory " + dir + ": " + e, e);
        }
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setKeepLogFileNum(5);
        ColumnFamilyOptions columnFamilyOptions = new ColumnFamilyOptions();
        WriteOptions writeOptions = new WriteOptions().setSync(syncWrites);
        try {
            List<String> names = columnFamilyNames(dir);
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (String name : names) {
                descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), columnFamilyOptions));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            LOG.info("opened RocksDB {} with column families {} (sync writes: {})", dir, names, syncWrites);
            return new RocksDatabase(dir, db, dbOptions, columnFamilyOptions, writeOptions, names, handles);
        } catch (RocksDBException e) {
            writeOptions.close();
            columnFamilyOptions.close();
            dbOptions.close();
            if (isLockHeld(e)) {
                throw new StoreException("data directory " + dir + " is in use by another Quarry process (lock held "
                        + "on " + dir.resolve("LOCK") + "); stop that process or use another data directory", e);
            }
            throw new StoreException("cannot open the RocksDB database in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether RocksDB failed because another holder has the LOCK file: "While lock file: ...: Resource
     * temporarily unavailable" from another process, "lock hold by current process" from this one. A LOCK
     * that cannot be created ("While open a file for lock: ... Permission denied") is a different problem.
     */
    private static boolean isLockHeld(RocksDBException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("While lock file") || message.contains("lock hold by current process");
    }

    /** Existing families first, so none is dropped by omission; then default and kernel if missing. */
    private static List<String> columnFamilyNames(Path dir) throws RocksDBException {
        List<String> names = new ArrayList<>();
        if (Files.exists(dir.resolve("CURRENT"))) {
            try (Options options = new Options()) {
                for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
                    names.add(new String(name, StandardCharsets.UTF_8));
                }
            }
        }
        for (String required : List.of(DEFAULT_COLUMN_FAMILY, KERNEL_COLUMN_FAMILY)) {
            if (!names.contains(required)) {
                names.add(required);
            }
        }
        return names;
    }

    /**
     * The store for column family {@code name}, created on first use.
     *
     * @throws IllegalArgumentException when the name is not 1-128 of {@code [A-Za-z0-9._-]} or is "default"
     */
    public KeyValueStore columnFamily(String name) {
        Objects.requireNonNull(name, "name");
        RocksKeyValueStore store = stores.get(name);
        if (store != null) {
            return store;
        }
        if (!NAME.matcher(name).matches() || name.equals(DEFAULT_COLUMN_FAMILY)) {
            throw new IllegalArgumentException("a column family name is 1-128 of [A-Za-z0-9._-] and not 'default', "
                    + "was '" + name + "'");
        }
        synchronized (this) {
            enter();
            try {
                return stores.computeIfAbsent(name, this::createColumnFamily);
            } finally {
                exit();
            }
        }
    }

    private RocksKeyValueStore createColumnFamily(String name) {
        try {
            ColumnFamilyHandle handle = db.createColumnFamily(
                    new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), columnFamilyOptions));
            handles.add(handle);
            LOG.info("created column family '{}' in {}", name, dir);
            return new RocksKeyValueStore(this, handle);
        } catch (RocksDBException e) {
            throw new StoreException("cannot create column family '" + name + "' in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The column families present, the default one excluded. */
    public Set<String> columnFamilies() {
        return new TreeSet<>(stores.keySet());
    }

    /** The database directory. */
    public Path directory() {
        return dir;
    }

    /** Syncs the WAL (so a clean shutdown also survives power loss), then frees every native handle. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            openCursors.forEach(RocksCursor::closeByDatabase);
            openCursors.clear();
            try {
                db.syncWal();
            } catch (RocksDBException e) {
                LOG.warn("cannot sync the WAL of {} at close: {}", dir, e.getMessage());
            }
            handles.forEach(ColumnFamilyHandle::close);
            try {
                db.closeE();
            } catch (RocksDBException e) {
                LOG.warn("error closing RocksDB {}: {}", dir, e.getMessage());
            }
            writeOptions.close();
            columnFamilyOptions.close();
            dbOptions.close();
            LOG.info("closed RocksDB {}", dir);
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /** Enters an operation on native handles; pair with {@link #exit()} in a finally block. */
    void enter() {
        lifecycle.readLock().lock();
        if (closed) {
            lifecycle.readLock().unlock();
            throw new StoreException("the database " + dir + " is closed");
        }
    }

    void exit() {
        lifecycle.readLock().unlock();
    }

    boolean isClosed() {
        return closed;
    }

    RocksDB db() {
        return db;
    }

    WriteOptions writeOptions() {
        return writeOptions;
    }

    void register(RocksCursor cursor) {
        openCursors.add(cursor);
    }

    void unregister(RocksCursor cursor) {
        openCursors.remove(cursor);
    }
}
