package io.quarry.storage.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code quarry storage restore FILE [--force]}: {@code quarry identity restore}. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restores the node identity from a backup archive (as 'quarry identity restore').")
public final class RestoreCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private QuarryOptions quarry = new QuarryOptions();

    @Parameters(index = "0", paramLabel = "FILE", description = "The archive written by 'quarry storage backup'.")
    private Path archive;

    @Option(names = "--force", description = "Replace an existing identity.")
    private boolean force;

    @Override
    public Integer call() {
        List<String> args = quarry.arguments();
        args.add(archive.toString());
        if (force) {
            args.add("--force");
        }
        return KernelVerb.run(spec, List.of("identity", "restore"), args);
    }
}
