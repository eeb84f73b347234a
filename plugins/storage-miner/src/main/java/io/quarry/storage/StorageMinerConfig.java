package io.quarry.storage;

import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.Env;
import io.quarry.api.config.Range;

/**
 * The {@code [storage-miner]} table.
 *
 * @param validatorNodeId The validator's node id (hex Ed25519 key) this miner reports to.
 * @param storagePath Where shards are kept; empty means the plugin's data directory.
 * @param maxStorageGb Storage offered to the network in GB; 0 means no limit beyond free disk.
 * @param familyId The failure family (rack, site) this node belongs to for placement.
 */
public record StorageMinerConfig(
        @Env("VALIDATOR_NODE_ID") String validatorNodeId,
        @Env("STORAGE_PATH") String storagePath,
        @Env("MAX_STORAGE_GB") @Range(min = 0) long maxStorageGb,
        @Env("FAMILY_ID") String familyId) {

    /** The validator's node id (hex Ed25519 key) this miner reports to. */
    public static final String DEFAULT_VALIDATOR_NODE_ID = "";
    /** Where shards are kept; empty means the plugin's data directory. */
    public static final String DEFAULT_STORAGE_PATH = "";
    /** Storage offered to the network in GB; 0 means no limit beyond free disk. */
    public static final long DEFAULT_MAX_STORAGE_GB = 0;
    /** The failure family (rack, site) this node belongs to for placement. */
    public static final String DEFAULT_FAMILY_ID = "default";

    /** The table's shape and defaults. */
    public static final ConfigSpec<StorageMinerConfig> SPEC = ConfigSpec.of(StorageMinerConfig.class,
            new StorageMinerConfig(DEFAULT_VALIDATOR_NODE_ID, DEFAULT_STORAGE_PATH, DEFAULT_MAX_STORAGE_GB, DEFAULT_FAMILY_ID));
}
