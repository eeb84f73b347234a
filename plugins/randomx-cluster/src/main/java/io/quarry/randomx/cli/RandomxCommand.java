package io.quarry.randomx.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code quarry randomx ...}: the plugin's verbs, returned by the plugin as its picocli command. Also runnable on
 * its own ({@link #main}) with the plugin, quarry-native, JNA and picocli on the class path, which is how the
 * benchmark script runs it when no built node is at hand.
 */
@Command(name = "randomx", mixinStandardHelpOptions = true,
        subcommands = {HashCommand.class, BenchCommand.class, ClusterCommand.class},
        description = "RandomX through librandomx: reference hashes, the hashrate benchmark and the cluster secret.")
public final class RandomxCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Without a subcommand: prints usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code randomx <args>} standalone and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new RandomxCommand()).execute(args));
    }
}
