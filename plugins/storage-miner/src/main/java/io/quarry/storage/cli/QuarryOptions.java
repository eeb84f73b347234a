package io.quarry.storage.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every {@code quarry} verb takes: {@code --config}, {@code --data-dir}, {@code --set}. Declared
 * here so the kernel hands them to these verbs, which pass them on to the kernel verb they run. A picocli mixin.
 */
final class QuarryOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "quarry.toml (as for every quarry verb).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The data directory (as for every quarry verb).")
    String dataDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one config key (as for every quarry verb; repeatable).")
    List<String> sets = new ArrayList<>();

    /** These options as arguments for another verb. */
    List<String> arguments() {
        List<String> args = new ArrayList<>();
        if (config != null) {
            args.add("--config");
            args.add(config.toString());
        }
        if (dataDir != null) {
            args.add("--data-dir");
            args.add(dataDir);
        }
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        return args;
    }
}
