package io.quarry.kernel.cli;

import io.quarry.kernel.NodeVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code quarry version}. */
@Command(name = "version", description = "Prints the Quarry, plugin API and Java versions.")
final class VersionCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.println(describe());
        return ExitCodes.OK;
    }

    static String describe() {
        return "quarry " + NodeVersion.version() + " (plugin API " + NodeVersion.apiVersion() + ", "
                + NodeVersion.runtime() + ")";
    }
}
