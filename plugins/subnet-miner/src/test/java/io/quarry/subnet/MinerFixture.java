package io.quarry.subnet;

import io.quarry.subnet.crypto.KeyType;
import io.quarry.subnet.crypto.Sr25519;
import io.quarry.subnet.crypto.Ss58;
import io.quarry.subnet.wallet.Hotkey;
import io.quarry.subnet.wallet.WalletFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * A miner's files for tests: its hotkey (seed 1) in a Bittensor wallet layout, and a metagraph with validator
 * hotkeys made from small seeds.
 */
final class MinerFixture {

    static final int MINER = 1;
    /** Permit and 5000 TAO. */
    static final int VALIDATOR = 11;
    /** Registered, no permit. */
    static final int NO_PERMIT = 12;
    /** Permit, 10 TAO. */
    static final int LOW_STAKE = 13;
    /** Not registered. */
    static final int STRANGER = 14;
    /** Permit and 2000 TAO, used for rate-limit bursts. */
    static final int BURSTY = 15;

    private MinerFixture() {
    }

    static byte[] seed(int n) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) n);
        return seed;
    }

    static String seedHex(int n) {
        return "0x" + HexFormat.of().formatHex(seed(n));
    }

    static Hotkey hotkey(int n) {
        return Hotkey.fromSeed(KeyType.SR25519, seed(n));
    }

    static String address(int n) {
        return Ss58.encode(Sr25519.fromSeed(seed(n)).publicKey());
    }

    /** Writes the miner's wallet under {@code dir/wallets} and the metagraph at {@code dir/metagraph.json}. */
    static void write(Path dir) throws IOException {
        WalletFiles.write(WalletFiles.hotkeyFile(dir.resolve("wallets"), "miner", "hotkey"), hotkey(MINER));
        Files.writeString(dir.resolve("metagraph.json"), metagraph(List.of(
                neuron(0, MINER, 0, false),
                neuron(1, VALIDATOR, 5000, true),
                neuron(2, NO_PERMIT, 5000, false),
                neuron(3, LOW_STAKE, 10, true),
                neuron(4, BURSTY, 2000, true))), StandardCharsets.UTF_8);
    }

    static String metagraph(List<String> neurons) {
        return "{\"netuid\": 7, \"block\": 4242, \"neurons\": [" + String.join(",", neurons) + "]}";
    }

    static String neuron(int uid, int seed, double stake, boolean permit) {
        return "{\"uid\": " + uid + ", \"hotkey\": \"" + address(seed) + "\", \"coldkey\": \"" + address(seed + 100)
                + "\", \"stake\": " + stake + ", \"validator_permit\": " + permit
                + ", \"incentive\": 0.25, \"emission\": 1.5}";
    }
}
