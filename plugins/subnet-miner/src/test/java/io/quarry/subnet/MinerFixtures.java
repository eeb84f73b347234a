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
import java.util.Map;
import io.quarry.testkit.TestNode;

/**
 * A miner's files for tests: its hotkey (seed 1) in a Bittensor wallet layout, and a metagraph with validator
 * hotkeys made from small seeds.
 */
public final class MinerFixtures {

    public static final int MINER = 1;
    /** Permit and 5000 TAO. */
    public static final int VALIDATOR = 11;
    /** Registered, no permit. */
    public static final int NO_PERMIT = 12;
    /** Permit, 10 TAO. */
    public static final int LOW_STAKE = 13;
    /** Not registered. */
    public static final int STRANGER = 14;
    /** Permit and 2000 TAO, used for rate-limit bursts. */
    public static final int BURSTY = 15;
    /** An Ed25519 account with permit and 3000 TAO. */
    public static final int ED25519_VALIDATOR = 16;

    private MinerFixtures() {
    }

    public static byte[] seed(int n) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) n);
        return seed;
    }

    public static String seedHex(int n) {
        return "0x" + HexFormat.of().formatHex(seed(n));
    }

    public static Hotkey hotkey(int n) {
        return Hotkey.fromSeed(KeyType.SR25519, seed(n));
    }

    public static String address(int n) {
        return Ss58.encode(Sr25519.fromSeed(seed(n)).publicKey());
    }

    /** Writes the miner's wallet under {@code dir/wallets}. */
    public static void writeWallet(Path dir) {
        WalletFiles.write(WalletFiles.hotkeyFile(dir.resolve("wallets"), "miner", "hotkey"), hotkey(MINER));
    }

    /** Writes the miner's wallet under {@code dir/wallets} and the metagraph at {@code dir/metagraph.json}. */
    public static void write(Path dir) throws IOException {
        writeWallet(dir);
        Files.writeString(dir.resolve("metagraph.json"), metagraph(List.of(
                neuron(0, MINER, 0, false),
                neuron(1, VALIDATOR, 5000, true),
                neuron(2, NO_PERMIT, 5000, false),
                neuron(3, LOW_STAKE, 10, true),
                neuron(4, BURSTY, 2000, true),
                "{\"uid\": 5, \"hotkey\": \"" + Ss58.encode(io.quarry.subnet.crypto.Ed25519Keys.publicKey(
                        seed(ED25519_VALIDATOR))) + "\", \"coldkey\": \"" + address(116)
                        + "\", \"stake\": 3000, \"validator_permit\": true}")), StandardCharsets.UTF_8);
    }

    /**
     * A node running the subnet miner (and {@link EchoExtension}) on this fixture's files, its public API on a
     * free loopback port, at most 3 requests per window, 1024-byte bodies; {@code settings} add or override.
     */
    public static TestNode minerNode(Path dir, Map<String, String> settings) {
        return minerNode(dir, settings, java.time.InstantSource.system());
    }

    /** As {@link #minerNode(Path, Map)} with the plugin on {@code clock}. */
    public static TestNode minerNode(Path dir, Map<String, String> settings, java.time.InstantSource clock) {
        Map<String, String> all = new java.util.LinkedHashMap<>();
        all.put("subnet-miner.listen", "\"127.0.0.1:0\"");
        all.put("subnet-miner.wallet_path", "\"" + dir.resolve("wallets") + "\"");
        all.put("subnet-miner.metagraph_file", "\"" + dir.resolve("metagraph.json") + "\"");
        all.put("subnet-miner.max_requests", "3");
        all.put("subnet-miner.max_body_bytes", "1024");
        all.put("subnet-miner.bid_per_hour", "0.5");
        all.putAll(settings);
        TestNode.Builder builder = TestNode.builder(dir.resolve("node-" + java.util.UUID.randomUUID()))
                .plugin("subnet-miner", () -> new SubnetMinerPlugin(clock))
                .plugin("echo-extension", EchoExtension::new);
        all.forEach(builder::set);
        return builder.start();
    }

    public static String metagraph(List<String> neurons) {
        return "{\"netuid\": 7, \"block\": 4242, \"neurons\": [" + String.join(",", neurons) + "]}";
    }

    public static String neuron(int uid, int seed, double stake, boolean permit) {
        return "{\"uid\": " + uid + ", \"hotkey\": \"" + address(seed) + "\", \"coldkey\": \"" + address(seed + 100)
                + "\", \"stake\": " + stake + ", \"validator_permit\": " + permit
                + ", \"incentive\": 0.25, \"emission\": 1.5}";
    }
}
