package io.quarry.poies.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every {@code quarry} verb takes: {@code --config}, {@code --data-dir}, {@code --set}. The kernel
 * reads them to find installed plugins, and hands them on to a plugin's verbs when the plugin declares them, as
 * this plugin does (stratum-proxy passes them to the node it runs); {@code mine} and {@code getwork} accept them
 * and need nothing else from them. A picocli mixin.
 */
final class QuarryOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "quarry.toml (as for every quarry verb).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The data directory (as for every quarry verb).")
    String dataDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one config key (as for every quarry verb; repeatable).")
    List<String> sets = new ArrayList<>();
}
