package io.quarry.api.miner;

import java.util.Map;
import java.util.Objects;

/**
 * A named set of settings a miner starts with instead of its configured ones, for one run: keys of the
 * miner's plugin table in TOML form ({@code threads}, {@code pools}) with plain Java values. Fleet control
 * sends profiles to workers; the miner's plugin validates them against its own config spec
 * ({@link io.quarry.api.NodeContext#config(io.quarry.api.config.ConfigSpec, Map)}).
 *
 * @param name the profile's name, for logs and stats
 * @param settings the keys and values laid over the plugin's configuration
 */
public record MinerProfile(String name, Map<String, Object> settings) {

    public MinerProfile {
        Objects.requireNonNull(name, "name");
        settings = Map.copyOf(settings);
    }

    /** Whether the profile changes no setting. */
    public boolean isEmpty() {
        return settings.isEmpty();
    }
}
