package io.quarry.subnet;

import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.Env;
import io.quarry.api.config.Range;

/**
 * The {@code [subnet-miner]} table.
 *
 * @param netuid The subnet's netuid.
 * @param network The Bittensor network name.
 */
public record SubnetMinerConfig(
        @Env("MY_NETUID") @Range(min = 0, max = 65535) int netuid,
        String network) {

    /** The subnet's netuid. */
    public static final int DEFAULT_NETUID = 0;
    /** The Bittensor network name. */
    public static final String DEFAULT_NETWORK = "finney";

    /** The table's shape and defaults. */
    public static final ConfigSpec<SubnetMinerConfig> SPEC = ConfigSpec.of(SubnetMinerConfig.class,
            new SubnetMinerConfig(DEFAULT_NETUID, DEFAULT_NETWORK));
}
