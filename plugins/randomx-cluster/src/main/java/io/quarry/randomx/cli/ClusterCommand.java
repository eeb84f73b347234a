package io.quarry.randomx.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quarry randomx cluster ...}: the cluster's verbs. */
@Command(name = "cluster", mixinStandardHelpOptions = true, subcommands = {ClusterSecretCommand.class, ClusterStatusCommand.class},
        description = "RandomX cluster: make the shared cluster secret, show the cluster as a running node sees it.")
public final class ClusterCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Without a subcommand: prints usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
