package io.quarry.kernel.cli;

import io.quarry.kernel.config.Config;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quarry config show|check}. */
@Command(name = "config", description = "Shows or checks the configuration.",
        footer = {"", "Example:", "  quarry config check /etc/quarry/quarry.toml"},
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Check.class})
final class ConfigCommand {

    @Command(name = "show", description = "Prints the effective configuration, where each value came from, secrets masked.",
            footer = {"", "Example:", "  quarry config show --config quarry.toml --set randomx-cluster.threads=4"})
    static final class Show implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--json", description = "Print every key with its value and source as JSON.")
        boolean json;

        @Override
        public Integer call() {
            Config config = options.load();
            try (InstalledPlugins plugins = InstalledPlugins.lookOnly(config, options.dataDir(config))) {
                plugins.check(config);
                if (json) {
                    JsonOutput.print(config.entries(plugins.specs()));
                } else {
                    System.out.print(config.show(plugins.specs()));
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "check", description = "Validates a configuration file (with env and --set applied) without starting anything.",
            footer = {"", "Example:", "  quarry config check /etc/quarry/quarry.toml --set 'plugins.enabled=[\"poies-miner\"]'"})
    static final class Check implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The file to check (default: --config).")
        Path file;

        @Override
        public Integer call() {
            if (file != null) {
                options.config = file;
            }
            Config config = options.load();
            try (InstalledPlugins plugins = InstalledPlugins.lookOnly(config, options.dataDir(config))) {
                plugins.check(config);
                System.out.println("OK: " + options.configFile().map(Path::toString).orElse("built-in defaults")
                        + " is valid (" + plugins.specs().size() + " sections checked)");
            }
            return ExitCodes.OK;
        }
    }
}
