package io.quarry.kernel.cli;

import io.quarry.kernel.DataDirectory;
import io.quarry.kernel.config.Config;
import io.quarry.kernel.config.ConfigLoader;
import io.quarry.kernel.config.ConfigOverride;
import io.quarry.kernel.config.KernelConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every verb that reads configuration shares: {@code --config}, {@code --data-dir}, {@code --set}. */
public final class ConfigOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (TOML). Default: $QUARRY_CONFIG, else built-in defaults.")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory (node.data_dir). Default: ~/.local/share/quarry.")
    String dataDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one key, e.g. --set randomx-cluster.threads=4 (repeatable; wins over env and file).")
    List<String> sets = new ArrayList<>();

    /** The config file in effect: --config, else $QUARRY_CONFIG. */
    public Optional<Path> configFile() {
        if (config != null) {
            return Optional.of(config);
        }
        String fromEnv = System.getenv("QUARRY_CONFIG");
        return fromEnv == null || fromEnv.isBlank() ? Optional.empty() : Optional.of(Path.of(fromEnv));
    }

    /** Loads file, environment and command line into one configuration. */
    public Config load() {
        List<ConfigOverride> overrides = new ArrayList<>();
        for (String set : sets) {
            overrides.add(ConfigOverride.parseSet(set));
        }
        if (dataDir != null) {
            overrides.add(new ConfigOverride("node.data_dir", quoted(dataDir), "--data-dir"));
        }
        return ConfigLoader.load(configFile(), overrides, System.getenv());
    }

    /** The data directory the loaded configuration names, resolved. */
    public Path dataDir(Config loaded) {
        KernelConfig kernel = KernelConfig.bind(loaded);
        return DataDirectory.resolve(kernel.node().dataDir(), loaded, configFile());
    }

    private static String quoted(String value) {
        // A TOML basic string, so a path like 2024 or true stays a string.
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
