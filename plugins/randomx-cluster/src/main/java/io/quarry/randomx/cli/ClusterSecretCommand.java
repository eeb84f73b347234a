package io.quarry.randomx.cli;

import io.quarry.randomx.cluster.ClusterSecret;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quarry randomx cluster secret}: prints a new cluster secret (64 hex characters) on standard output. */
@Command(name = "secret", mixinStandardHelpOptions = true,
        description = "Prints a new random cluster secret. Save it with mode 0600 on every member: "
                + "quarry randomx cluster secret > cluster.secret && chmod 600 cluster.secret")
public final class ClusterSecretCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(ClusterSecret.generate().toHex());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
