package io.quarry.poies;

import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.Env;
import io.quarry.api.config.Range;

/**
 * The {@code [poies-miner]} table (seed 001).
 *
 * @param threads CPU scanner threads; 0 means one per core.
 * @param stratumListen host:port of the Stratum server; empty means off.
 * @param rpcUrl JSON-RPC URL of the node to mine against (miner role).
 * @param wsUrl WebSocket getwork URL of the node to mine against (miner role).
 * @param chainId Chain id of the dev chain.
 * @param targetSharesPerSec Share rate the micro-target aims for.
 * @param blockTimeSecs Block time the Theta retarget aims for.
 */
public record PoiesMinerConfig(
        @Env("MINER_THREADS") @Range(min = 0, max = 1024) int threads,
        @Env("STRATUM_LISTEN") String stratumListen,
        @Env("RPC_URL") String rpcUrl,
        @Env("WS_URL") String wsUrl,
        @Env("CHAIN_ID") @Range(min = 0) long chainId,
        @Env("MINER_TARGET_SHARES_PER_SEC") double targetSharesPerSec,
        @Range(min = 1, max = 86400) int blockTimeSecs) {

    /** CPU scanner threads; 0 means one per core. */
    public static final int DEFAULT_THREADS = 1;
    /** host:port of the Stratum server; empty means off. */
    public static final String DEFAULT_STRATUM_LISTEN = "";
    /** JSON-RPC URL of the node to mine against (miner role). */
    public static final String DEFAULT_RPC_URL = "";
    /** WebSocket getwork URL of the node to mine against (miner role). */
    public static final String DEFAULT_WS_URL = "";
    /** Chain id of the dev chain. */
    public static final long DEFAULT_CHAIN_ID = 1337;
    /** Share rate the micro-target aims for. */
    public static final double DEFAULT_TARGET_SHARES_PER_SEC = 1.0;
    /** Block time the Theta retarget aims for. */
    public static final int DEFAULT_BLOCK_TIME_SECS = 10;

    /** The table's shape and defaults. */
    public static final ConfigSpec<PoiesMinerConfig> SPEC = ConfigSpec.of(PoiesMinerConfig.class,
            new PoiesMinerConfig(DEFAULT_THREADS, DEFAULT_STRATUM_LISTEN, DEFAULT_RPC_URL, DEFAULT_WS_URL, DEFAULT_CHAIN_ID, DEFAULT_TARGET_SHARES_PER_SEC, DEFAULT_BLOCK_TIME_SECS));
}
