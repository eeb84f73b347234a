package io.quarry.storage.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry storage keypair}: creates the node identity when missing and prints the node id ({@code quarry init}). */
@Command(name = "keypair", mixinStandardHelpOptions = true,
        description = "Creates the node's Ed25519 keypair when missing (as 'quarry init') and prints the node id.")
public final class KeypairCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private QuarryOptions quarry = new QuarryOptions();

    @Option(names = "--json", description = "Print the node id and files as JSON.")
    private boolean json;

    @Override
    public Integer call() {
        List<String> args = quarry.arguments();
        if (json) {
            args.add("--json");
        }
        return KernelVerb.run(spec, List.of("init"), args);
    }
}
