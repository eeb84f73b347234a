package io.quarry.subnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quarry subnet ...}: wallet files, signed calls and the metagraph status of a hotkey. */
@Command(name = "subnet", mixinStandardHelpOptions = true,
        subcommands = {WalletCommand.class, CallCommand.class, StatusCommand.class},
        description = "Bittensor subnet miner: hotkey wallets, Epistula-signed calls, metagraph status.")
public final class SubnetCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    /** Without a subcommand: prints usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs {@code subnet <args>} standalone and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new SubnetCommand()).execute(args));
    }
}
