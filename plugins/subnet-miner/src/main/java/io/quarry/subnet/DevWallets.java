package io.quarry.subnet;

import io.quarry.subnet.wallet.Hotkey;
import io.quarry.subnet.wallet.WalletFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For development nodes only ({@code dev_wallets = true}): when missing, creates the miner's hotkey, a
 * validator hotkey {@code dev-validator/default} beside it, and a metagraph snapshot in which that validator
 * holds a permit and enough stake, so {@code quarry subnet call} with the validator's wallet gets answers from
 * the dev node. Existing files are never touched. Files are mode 0600.
 */
final class DevWallets {

    private static final Logger LOG = LoggerFactory.getLogger(DevWallets.class);
    static final String VALIDATOR_WALLET = "dev-validator";
    static final String VALIDATOR_HOTKEY = "default";

    private DevWallets() {
    }

    static void ensure(Path wallets, String wallet, String hotkeyName, Path metagraph, int netuid, double minStake) {
        Path minerFile = WalletFiles.hotkeyFile(wallets, wallet, hotkeyName);
        Path validatorFile = WalletFiles.hotkeyFile(wallets, VALIDATOR_WALLET, VALIDATOR_HOTKEY);
        for (Path file : List.of(minerFile, validatorFile)) {
            if (!Files.exists(file)) {
                WalletFiles.write(file, Hotkey.generate());
                LOG.info("dev_wallets: created hotkey {}", file);
            }
        }
        if (Files.exists(metagraph)) {
            return;
        }
        String miner = WalletFiles.load(minerFile).ss58();
        String validator = WalletFiles.load(validatorFile).ss58();
        String json = String.format(Locale.ROOT, """
                {"netuid": %d, "block": 0, "neurons": [
                  {"uid": 0, "hotkey": "%s", "coldkey": "%s", "stake": %s, "validator_permit": true},
                  {"uid": 1, "hotkey": "%s", "coldkey": "%s", "stake": 0, "validator_permit": false}
                ]}
                """, netuid, validator, Hotkey.generate().ss58(), Double.toString(Math.max(minStake, 1) * 10),
                miner, Hotkey.generate().ss58());
        try {
            Files.createDirectories(metagraph.toAbsolutePath().getParent());
            Files.writeString(metagraph, json);
            Files.setPosixFilePermissions(metagraph, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the dev metagraph " + metagraph, e);
        }
        LOG.info("dev_wallets: created metagraph {} with validator {} (wallet {}/{})", metagraph, validator,
                VALIDATOR_WALLET, VALIDATOR_HOTKEY);
    }
}
