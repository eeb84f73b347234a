package io.quarry.fleet.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * The {@code start_miner} payload.
 *
 * @param miner the miner id on the worker ({@code randomx-cluster/local})
 * @param profile the profile's name, for logs and stats; empty when none
 * @param settings the profile's keys of the miner's plugin, as in its TOML table; empty starts as configured
 */
public record StartMiner(String miner, String profile, Map<String, Object> settings) {

    public StartMiner {
        Objects.requireNonNull(miner, "miner");
        profile = profile == null ? "" : profile;
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }
}
