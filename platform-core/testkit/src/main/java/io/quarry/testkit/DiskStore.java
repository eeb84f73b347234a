package io.quarry.testkit;

import io.quarry.api.store.KeyValueStore;
import io.quarry.kernel.store.RocksDatabase;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The store a node gives plugins (RocksDB, one column family per plugin) in a directory of the test's, for tests
 * that close a store and open it again to see what survived. {@link MemoryKeyValueStore} is enough for the rest.
 *
 * <pre>{@code
 * try (DiskStore disk = DiskStore.open(dir)) {
 *     disk.store("hello-miner").put(key, value);
 * }
 * try (DiskStore disk = DiskStore.open(dir)) {
 *     assertThat(disk.store("hello-miner").get(key)).isPresent();
 * }
 * }</pre>
 */
public final class DiskStore implements AutoCloseable {

    private final RocksDatabase database;

    private DiskStore(RocksDatabase database) {
        this.database = database;
    }

    /** Opens (creating when absent) the database under {@code dir}, writing as a node does by default. */
    public static DiskStore open(Path dir) {
        return new DiskStore(RocksDatabase.open(Objects.requireNonNull(dir, "dir"), false));
    }

    /** The key-value store a node would give plugin {@code pluginId}. */
    public KeyValueStore store(String pluginId) {
        return database.columnFamily(Objects.requireNonNull(pluginId, "pluginId"));
    }

    /** Closes the database; stores handed out fail afterwards. Idempotent. */
    @Override
    public void close() {
        database.close();
    }
}
