package io.quarry.subnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.config.HostPort;
import io.quarry.api.miner.MinerState;
import io.quarry.testkit.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/** The [subnet-miner] table: documented, defaults as shipped, errors naming the key. */
class SubnetMinerConfigTest {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void everyKeyIsInTheExampleFileWithItsDefaultAndInTheDocs() throws Exception {
        TomlParseResult example = Toml.parse(REPO.resolve("config/quarry.example.toml"));
        assertThat(example.errors()).isEmpty();
        TomlTable table = example.getTable("subnet-miner");
        String docs = Files.readString(REPO.resolve("docs/plugins.md"));
        List<String> keys = Arrays.stream(SubnetMinerConfig.class.getRecordComponents())
                .map(c -> c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT)).toList();
        assertThat(table.keySet()).containsExactlyInAnyOrderElementsOf(keys);
        keys.forEach(key -> assertThat(docs).as(key).contains("| `" + key + "` |"));

        SubnetMinerPlugin plugin = new SubnetMinerPlugin();
        TestNode.Builder builder = TestNode.builder(dir).plugin("subnet-miner", () -> plugin);
        for (String key : table.keySet()) {
            Object value = table.get(key);
            builder.set("subnet-miner." + key, value instanceof String s ? "\"" + s + "\"" : String.valueOf(value));
        }
        builder.set("subnet-miner.wallet_path", "\"" + dir.resolve("no-wallets") + "\"");
        try (TestNode node = builder.start()) {
            assertThat(plugin.config()).isEqualTo(new SubnetMinerConfig(0, "finney", "miner", "hotkey",
                    dir.resolve("no-wallets").toString(), new HostPort("127.0.0.1", 8091), 1000, "", 8000, 60, 60, 1048576, "", false,
                    0, "", false));
            var miner = node.miner(SubnetMinerPlugin.MINER_ID).orElseThrow();
            assertThat(miner.state()).isEqualTo(MinerState.UNAVAILABLE);
            assertThat(miner.stateDetail()).contains("does not exist", "quarry subnet wallet new");
        }
        assertThat(SubnetMinerConfig.SPEC.defaults()).isEqualTo(new SubnetMinerConfig(0, "finney", "miner", "hotkey",
                "~/.bittensor/wallets", new HostPort("127.0.0.1", 8091), 1000, "", 8000, 60, 60, 1048576, "", false, 0, "", false));
    }

    @Test
    void badValuesStopStartUpNamingTheKey() {
        assertRefused("listen", "\"8091\"", "listen must be host:port");
        assertRefused("listen", "\"127.0.0.1:70000\"", "listen must have a port between 0 and 65535");
        assertRefused("listen", "\"::1:8091\"", "listen must be host:port");
        assertRefused("listen", "\":8091\"", "the host is missing");
        assertRefused("orchestrator_url", "\"http://127.0.0.1:1\"", "ws://");
        assertRefused("min_stake", "-1.0", "min_stake");
        assertRefused("wallet_name", "\"../x\"", "wallet_name");
        assertRefused("freshness_ms", "10", "freshness_ms");
        assertRefused("max_requests", "0", "max_requests");
    }

    private void assertRefused(String key, String value, String message) {
        assertThatThrownBy(() -> TestNode.builder(dir.resolve(key + value.hashCode()))
                .plugin("subnet-miner", SubnetMinerPlugin::new).set("subnet-miner." + key, value).start().close())
                .as(key + " = " + value).hasStackTraceContaining(message);
    }
}
