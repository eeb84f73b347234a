package io.quarry.kernel.config;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code [plugins]} table.
 *
 * @param enabled ids of the plugins to run ({@code ["storage-miner", "poies-miner"]}); none by default
 * @param dir where third-party plugin zips and jars are found; empty means {@code <data_dir>/plugins}, and a
 *     relative path is resolved by the node
 */
public record PluginsConfig(List<String> enabled, String dir) {

    /** The table's name in {@code quarry.toml}. */
    public static final String SECTION = "plugins";
    /** No plugin runs until the operator enables it. */
    public static final List<String> DEFAULT_ENABLED = List.of();
    /** Empty: {@code <data_dir>/plugins}. */
    public static final String DEFAULT_DIR = "";

    /** The table's shape and defaults. */
    public static final ConfigSpec<PluginsConfig> SPEC = ConfigSpec.of(PluginsConfig.class,
            new PluginsConfig(DEFAULT_ENABLED, DEFAULT_DIR));

    public PluginsConfig {
        enabled = List.copyOf(enabled);
        Objects.requireNonNull(dir, "dir");
        Set<String> seen = new HashSet<>();
        for (String id : enabled) {
            if (id.isBlank()) {
                throw new ConfigException("plugins.enabled", "plugins.enabled must not contain an empty id");
            }
            if (!seen.add(id)) {
                throw new ConfigException("plugins.enabled", "plugins.enabled lists " + id + " twice");
            }
        }
    }
}
