package io.quarry.kernel.cli;

import io.quarry.kernel.NodeVersion;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quarry version}. */
@Command(name = "version", description = "Prints the Quarry, plugin API and Java versions.",
        footer = {"", "Example:", "  quarry version --json"})
final class VersionCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the versions as JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (json) {
            JsonOutput.print(Map.of("version", NodeVersion.version(), "apiVersion", NodeVersion.apiVersion(),
                    "runtime", NodeVersion.runtime()));
        } else {
            System.out.println(describe());
        }
        return ExitCodes.OK;
    }

    static String describe() {
        return "quarry " + NodeVersion.version() + " (plugin API " + NodeVersion.apiVersion() + ", "
                + NodeVersion.runtime() + ")";
    }
}
