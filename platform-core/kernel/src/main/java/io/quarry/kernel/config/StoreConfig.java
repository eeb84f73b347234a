package io.quarry.kernel.config;

import io.quarry.api.config.ConfigSpec;

/**
 * The {@code [store]} table.
 *
 * @param syncWrites fsync every write. Off, an acknowledged write still survives the process being killed
 *     (it is in RocksDB's write-ahead log); on, it also survives the machine losing power, at a cost in speed.
 */
public record StoreConfig(boolean syncWrites) {

    /** The table's name in {@code quarry.toml}. */
    public static final String SECTION = "store";
    /** Off: the WAL already covers a killed process. */
    public static final boolean DEFAULT_SYNC_WRITES = false;

    /** The table's shape and defaults. */
    public static final ConfigSpec<StoreConfig> SPEC = ConfigSpec.of(StoreConfig.class,
            new StoreConfig(DEFAULT_SYNC_WRITES));
}
