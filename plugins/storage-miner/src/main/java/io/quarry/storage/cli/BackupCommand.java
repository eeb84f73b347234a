package io.quarry.storage.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry storage backup [-o FILE]}: {@code quarry identity backup}. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Writes the node key and API token to a tar.gz, mode 0600 (as 'quarry identity backup').")
public final class BackupCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private QuarryOptions quarry = new QuarryOptions();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Archive to write. Default: quarry-identity-<id prefix>-<date>.tar.gz here.")
    private Path output;

    @Override
    public Integer call() {
        List<String> args = quarry.arguments();
        if (output != null) {
            args.add("--output");
            args.add(output.toString());
        }
        return KernelVerb.run(spec, List.of("identity", "backup"), args);
    }
}
