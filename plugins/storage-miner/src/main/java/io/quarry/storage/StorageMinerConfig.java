package io.quarry.storage;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.Env;
import io.quarry.api.config.Range;
import io.quarry.api.transport.PeerAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code [storage-miner]} table; every key is documented in {@code config/quarry.example.toml} and the
 * storage-miner section of {@code docs/plugins.md}.
 *
 * @param roles any of "miner" (store and serve shards) and "validator" (placement, uploads, challenges)
 * @param validatorNodeId the validator's node id (miner role); empty means no validator
 * @param validatorAddress the validator's transport {@code HOST:PORT} (miner role)
 * @param familyId the failure family this miner belongs to for placement
 * @param storagePath where shards are kept; empty means {@code <plugin data dir>/blobs}
 * @param maxStorageGb storage offered, in GB (10^9 bytes); 0 means no limit
 * @param dataShards data shards per stripe (validator role)
 * @param parityShards parity shards per stripe (validator role); also the most shards of a stripe one family holds
 * @param pgCount placement groups (validator role)
 * @param allowedFamilies family ids the validator accepts; empty means any well-formed id
 * @param heartbeatIntervalSecs between heartbeats (miner role)
 * @param registrationRetrySecs before registering again after the validator refused (miner role)
 * @param initialBackoffSecs first wait after a failed registration (miner role)
 * @param maxBackoffSecs longest wait between registration attempts (miner role)
 * @param storeConcurrency Store operations at once
 * @param pullConcurrency PullFromPeer downloads at once
 * @param fetchConcurrency FetchBlob answers at once
 * @param posConcurrency proof-of-storage answers at once
 * @param rebalanceEnabled whether the miner pulls the shards its placement groups lack
 * @param rebalanceTickSecs between rebalancing passes
 * @param epochLookback past epochs whose miners are asked for a missing shard
 * @param httpEnabled the dev HTTP endpoints /status, /blobs/{hash} and /blobs/add
 * @param challengeIntervalSecs between the validator's proof-of-storage challenges; 0 turns them off
 * @param wardens node ids the validator names as wardens: besides it, only they may challenge its miners
 * @param allowColocatedShards (validator role) when the online miners are too few to give each shard of a stripe its
 *     own miner within the family rule, place several shards of a stripe on one miner instead of refusing the map;
 *     gives up fault tolerance (the redundancy report says so), meant for a one-machine dev or test cluster
 * @param offlineAfterSecs (validator role) silence after which a miner counts as offline and a new map is made
 *     without it; several heartbeat intervals
 */
public record StorageMinerConfig(
        List<String> roles,
        @Env("VALIDATOR_NODE_ID") String validatorNodeId,
        @Env("VALIDATOR_ADDRESS") String validatorAddress,
        @Env("FAMILY_ID") String familyId,
        @Env("STORAGE_PATH") String storagePath,
        @Env("MAX_STORAGE_GB") @Range(min = 0) long maxStorageGb,
        @Env("DATA_SHARDS") @Range(min = 1, max = 128) int dataShards,
        @Env("PARITY_SHARDS") @Range(min = 1, max = 128) int parityShards,
        @Range(min = 1, max = 1 << 20) int pgCount,
        List<String> allowedFamilies,
        @Env("HEARTBEAT_INTERVAL_SECS") @Range(min = 1, max = 3600) int heartbeatIntervalSecs,
        @Env("REGISTRATION_RETRY_SECS") @Range(min = 1, max = 86400) int registrationRetrySecs,
        @Range(min = 1, max = 3600) int initialBackoffSecs,
        @Range(min = 1, max = 86400) int maxBackoffSecs,
        @Env("MINER_STORE_CONCURRENCY") @Range(min = 1, max = 100_000) int storeConcurrency,
        @Env("MINER_PULL_CONCURRENCY") @Range(min = 1, max = 100_000) int pullConcurrency,
        @Env("MINER_FETCH_CONCURRENCY") @Range(min = 1, max = 100_000) int fetchConcurrency,
        @Env("MINER_POS_CONCURRENCY") @Range(min = 1, max = 1024) int posConcurrency,
        @Env("MINER_REBALANCE_ENABLED") boolean rebalanceEnabled,
        @Env("MINER_REBALANCE_TICK_SECS") @Range(min = 1, max = 86400) int rebalanceTickSecs,
        @Env("EPOCH_LOOKBACK") @Range(min = 0, max = 64) int epochLookback,
        @Env("MINER_HTTP_ENABLED") boolean httpEnabled,
        @Range(min = 0, max = 86400) int challengeIntervalSecs,
        List<String> wardens,
        boolean allowColocatedShards,
        @Range(min = 1, max = 86400) int offlineAfterSecs) {

    /** The roles a node has unless configured otherwise. */
    public static final List<String> DEFAULT_ROLES = List.of("miner");
    /** Data shards per stripe (as the storage network's reference validator). */
    public static final int DEFAULT_DATA_SHARDS = 10;
    /** Parity shards per stripe. */
    public static final int DEFAULT_PARITY_SHARDS = 20;
    /** Placement groups. */
    public static final int DEFAULT_PG_COUNT = 1024;
    /** Heartbeat interval. */
    public static final int DEFAULT_HEARTBEAT_INTERVAL_SECS = 30;
    /** Retry after a refused registration. */
    public static final int DEFAULT_REGISTRATION_RETRY_SECS = 60;
    /** First backoff. */
    public static final int DEFAULT_INITIAL_BACKOFF_SECS = 5;
    /** Longest backoff. */
    public static final int DEFAULT_MAX_BACKOFF_SECS = 60;
    /** Store operations at once. */
    public static final int DEFAULT_STORE_CONCURRENCY = 64;
    /** Pulls at once. */
    public static final int DEFAULT_PULL_CONCURRENCY = 32;
    /** FetchBlob answers at once. */
    public static final int DEFAULT_FETCH_CONCURRENCY = 256;
    /** Proofs at once. */
    public static final int DEFAULT_POS_CONCURRENCY = 2;
    /** Between rebalancing passes. */
    public static final int DEFAULT_REBALANCE_TICK_SECS = 300;
    /** Past epochs asked for a missing shard. */
    public static final int DEFAULT_EPOCH_LOOKBACK = 3;

    /** Silence after which the validator counts a miner offline (and maps without it). */
    public static final int DEFAULT_OFFLINE_AFTER_SECS = 120;

    /** Between proof-of-storage challenges. */
    public static final int DEFAULT_CHALLENGE_INTERVAL_SECS = 60;

    /** The table's shape and defaults. */
    public static final ConfigSpec<StorageMinerConfig> SPEC = ConfigSpec.of(StorageMinerConfig.class,
            new StorageMinerConfig(DEFAULT_ROLES, "", "", "default", "", 0, DEFAULT_DATA_SHARDS, DEFAULT_PARITY_SHARDS,
                    DEFAULT_PG_COUNT, List.of(), DEFAULT_HEARTBEAT_INTERVAL_SECS, DEFAULT_REGISTRATION_RETRY_SECS,
                    DEFAULT_INITIAL_BACKOFF_SECS, DEFAULT_MAX_BACKOFF_SECS, DEFAULT_STORE_CONCURRENCY,
                    DEFAULT_PULL_CONCURRENCY, DEFAULT_FETCH_CONCURRENCY, DEFAULT_POS_CONCURRENCY, true,
                    DEFAULT_REBALANCE_TICK_SECS, DEFAULT_EPOCH_LOOKBACK, false, DEFAULT_CHALLENGE_INTERVAL_SECS,
                    List.of(), false, DEFAULT_OFFLINE_AFTER_SECS));

    /** Checks roles and the validator's address, naming the key that is wrong. */
    public StorageMinerConfig {
        roles = List.copyOf(Objects.requireNonNull(roles, "roles"));
        allowedFamilies = List.copyOf(Objects.requireNonNull(allowedFamilies, "allowed_families"));
        wardens = List.copyOf(Objects.requireNonNull(wardens, "wardens"));
        for (String warden : wardens) {
            if (!warden.matches("[0-9a-f]{64}")) {
                throw new ConfigException("wardens", "wardens must be node ids, 64 lowercase hex characters, was \""
                        + warden + "\"");
            }
        }
        Objects.requireNonNull(validatorNodeId, "validator_node_id");
        Objects.requireNonNull(validatorAddress, "validator_address");
        Objects.requireNonNull(familyId, "family_id");
        Objects.requireNonNull(storagePath, "storage_path");
        if (roles.isEmpty() || !Set.of("miner", "validator").containsAll(roles)) {
            throw new ConfigException("roles", "roles must name \"miner\", \"validator\" or both, was " + roles);
        }
        if (!validatorNodeId.isEmpty() && !validatorNodeId.matches("[0-9a-f]{64}")) {
            throw new ConfigException("validator_node_id", "validator_node_id must be the validator's node id, 64 "
                    + "lowercase hex characters (quarry identity prints it), was \"" + validatorNodeId + "\"");
        }
        if (!validatorAddress.isEmpty()) {
            hostPort(validatorAddress);
        }
        // With both roles, validator_node_id may be this node's own id, which needs no address; that is known only
        // with the node's id (checkValidatorAddress).
        if (roles.contains("miner") && !roles.contains("validator") && !validatorNodeId.isEmpty()
                && validatorAddress.isEmpty()) {
            throw missingValidatorAddress();
        }
        if (!familyId.matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw new ConfigException("family_id", "family_id must be 1-64 of A-Z a-z 0-9 _ . : -, was \"" + familyId + "\"");
        }
        if (maxBackoffSecs < initialBackoffSecs) {
            throw new ConfigException("max_backoff_secs", "max_backoff_secs (" + maxBackoffSecs
                    + ") must be >= initial_backoff_secs (" + initialBackoffSecs + ")");
        }
    }

    /**
     * Checks what needs this node's id: a miner whose {@code validator_node_id} names another node needs
     * {@code validator_address}; one naming this node itself (a node with both roles) needs none, and any given is
     * not used.
     *
     * @param ownNodeId this node's id
     * @throws ConfigException naming {@code validator_address} when it is missing
     */
    public void checkValidatorAddress(String ownNodeId) {
        if (isMiner() && !validatorNodeId.isEmpty() && !ownValidator(ownNodeId) && validatorAddress.isEmpty()) {
            throw missingValidatorAddress();
        }
    }

    private static ConfigException missingValidatorAddress() {
        return new ConfigException("validator_address", "validator_node_id names another node but validator_address "
                + "is empty: set it to the validator's transport HOST:PORT, e.g. \"127.0.0.1:7946\"");
    }

    /** The validator to register with, when the miner role has one configured. */
    public Optional<PeerAddress> validatorPeer() {
        if (validatorNodeId.isEmpty() || validatorAddress.isEmpty()) {
            return Optional.empty();
        }
        String[] hp = hostPort(validatorAddress);
        return Optional.of(new PeerAddress(validatorNodeId, hp[0], Integer.parseInt(hp[1])));
    }

    private static String[] hostPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new ConfigException("validator_address", "validator_address must be HOST:PORT, was \"" + text + "\"");
        }
        String host = text.substring(0, colon);
        String port = text.substring(colon + 1);
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new ConfigException("validator_address", "validator_address port must be 1-65535, was \"" + text + "\"");
        }
        return new String[] {host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host, port};
    }

    /**
     * Whether this node's miner role works for its own validator role: both roles, and no other validator
     * configured ({@code validator_node_id} empty or this node's own id). The two then talk in process, never over
     * the network.
     *
     * @param ownNodeId this node's id
     */
    public boolean ownValidator(String ownNodeId) {
        return isMiner() && isValidator() && (validatorNodeId.isEmpty() || validatorNodeId.equals(ownNodeId));
    }

    /** Whether this node stores shards. */
    public boolean isMiner() {
        return roles.contains("miner");
    }

    /** Whether this node is a validator. */
    public boolean isValidator() {
        return roles.contains("validator");
    }

    /** {@code max_storage_gb} in bytes (GB = 10^9 bytes); 0 means no limit. */
    public long maxStorageBytes() {
        return Math.multiplyExact(maxStorageGb, 1_000_000_000L);
    }
}
