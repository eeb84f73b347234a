package io.quarry.subnet.cli;

import io.quarry.subnet.SubnetMinerConfig;
import io.quarry.subnet.wallet.WalletFiles;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which hotkey file: Bittensor's {@code <wallet-path>/<name>/hotkeys/<hotkey>}, defaults as in the config. */
final class WalletOptions {

    @Option(names = "--wallet-path", paramLabel = "DIR", defaultValue = SubnetMinerConfig.DEFAULT_WALLET_PATH,
            description = "Where wallets live (default: ${DEFAULT-VALUE}).")
    String walletPath;

    @Option(names = {"--name", "--wallet"}, paramLabel = "WALLET", defaultValue = SubnetMinerConfig.DEFAULT_WALLET_NAME,
            description = "The wallet (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--hotkey", paramLabel = "HOTKEY", defaultValue = SubnetMinerConfig.DEFAULT_HOTKEY_NAME,
            description = "The hotkey (default: ${DEFAULT-VALUE}).")
    String hotkey;

    Path file() {
        String home = System.getProperty("user.home");
        Path wallets = Path.of(walletPath.startsWith("~") ? home + walletPath.substring(1) : walletPath);
        return WalletFiles.hotkeyFile(wallets, name, hotkey);
    }
}
