package io.quarry.randomx;

import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.Range;

/**
 * The {@code [randomx-cluster]} table (seed 002).
 *
 * @param mode auto, fast or light.
 * @param threads Mining threads; 0 means one per core.
 * @param ramMb RAM the miner may use in MiB; 0 means decide from free memory.
 * @param walletAddress Wallet address for solo mining and pool login.
 * @param daemonRpc monerod RPC URL; set means solo mining.
 * @param stratumListen host:port of the Stratum endpoint for outside miners; empty means off.
 * @param stratumDifficulty Starting difficulty for outside miners.
 */
public record RandomxClusterConfig(
        String mode,
        @Range(min = 0, max = 1024) int threads,
        @Range(min = 0) long ramMb,
        String walletAddress,
        String daemonRpc,
        String stratumListen,
        @Range(min = 1) long stratumDifficulty) {

    /** auto, fast or light. */
    public static final String DEFAULT_MODE = "auto";
    /** Mining threads; 0 means one per core. */
    public static final int DEFAULT_THREADS = 0;
    /** RAM the miner may use in MiB; 0 means decide from free memory. */
    public static final long DEFAULT_RAM_MB = 0;
    /** Wallet address for solo mining and pool login. */
    public static final String DEFAULT_WALLET_ADDRESS = "";
    /** monerod RPC URL; set means solo mining. */
    public static final String DEFAULT_DAEMON_RPC = "";
    /** host:port of the Stratum endpoint for outside miners; empty means off. */
    public static final String DEFAULT_STRATUM_LISTEN = "";
    /** Starting difficulty for outside miners. */
    public static final long DEFAULT_STRATUM_DIFFICULTY = 10000;

    /** The table's shape and defaults. */
    public static final ConfigSpec<RandomxClusterConfig> SPEC = ConfigSpec.of(RandomxClusterConfig.class,
            new RandomxClusterConfig(DEFAULT_MODE, DEFAULT_THREADS, DEFAULT_RAM_MB, DEFAULT_WALLET_ADDRESS, DEFAULT_DAEMON_RPC, DEFAULT_STRATUM_LISTEN, DEFAULT_STRATUM_DIFFICULTY));
}
