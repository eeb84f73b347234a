package io.quarry.poies.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code quarry poies ...}: the plugin's verbs, returned by the plugin as its picocli command.
 * {@code mine} and {@code getwork} run on their own; {@code stratum-proxy} runs a node in the miner role, so it
 * needs the {@code quarry} command line around it.
 */
@Command(name = "poies", mixinStandardHelpOptions = true,
        subcommands = {MineCommand.class, StratumProxyCommand.class, GetworkCommand.class},
        description = "PoIES mining against a remote node: mine, stratum-proxy, getwork.")
public final class PoiesCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Without a subcommand: prints usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code poies <args>} standalone (mine and getwork) and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new PoiesCommand()).execute(args));
    }
}
