package io.quarry.subnet.cli;

import io.quarry.subnet.wallet.Hotkey;
import io.quarry.subnet.wallet.WalletException;
import io.quarry.subnet.wallet.WalletFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code quarry subnet wallet new}: writes a new sr25519 hotkey in Bittensor's wallet layout. */
@Command(name = "wallet", mixinStandardHelpOptions = true, subcommands = WalletCommand.New.class,
        description = "Bittensor wallet hotkey files.")
final class WalletCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code wallet new}. */
    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Create a hotkey file (mode 0600) with a fresh random sr25519 key; never overwrites.")
    static final class New implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Mixin
        private WalletOptions wallet;

        @Override
        public Integer call() {
            Path file = wallet.file();
            Hotkey hotkey = Hotkey.generate();
            try {
                WalletFiles.write(file, hotkey);
            } catch (WalletException e) {
                spec.commandLine().getErr().println("quarry subnet wallet new: " + e.getMessage());
                return 1;
            }
            spec.commandLine().getOut().println(hotkey.ss58() + " written to " + file);
            return 0;
        }
    }
}
