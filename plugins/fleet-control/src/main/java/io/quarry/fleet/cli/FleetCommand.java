package io.quarry.fleet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code quarry fleet ...}: the plugin's verbs. They talk to the running node's REST API ({@code --api},
 * default {@code http://127.0.0.1:8080}) with its API token.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        subcommands = {NodeCommand.class, PeerCommand.class, RemoteCommand.class},
        description = "Fleet control: this node's fleet identity, its peers, and remote miners.")
public final class FleetCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Without a subcommand: prints usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code fleet <args>} standalone and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new FleetCommand()).execute(args));
    }
}
