package io.quarry.randomx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.config.ConfigException;
import io.quarry.randomx.hashing.HugePagesPolicy;
import io.quarry.randomx.hashing.RandomXMode;
import io.quarry.testkit.TestConfig;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The [randomx-cluster] table as the kernel binds it: keys, lists of pool tables, and errors naming the key. */
class RandomxClusterConfigTest {

    /** A syntactically valid mainnet-shaped address (95 base58 characters); never used to pay anyone. */
    static final String WALLET = "4" + "A".repeat(94);

    private static final Path EXAMPLE = Path.of("../../config/quarry.example.toml").toAbsolutePath().normalize();

    @Test
    void defaultsMeanAnIdleMinerInAutoMode() {
        RandomxClusterConfig config = bind("");
        assertThat(config).isEqualTo(RandomxClusterConfig.SPEC.defaults());
        assertThat(config.upstream()).isEqualTo(RandomxClusterConfig.Upstream.NONE);
        assertThat(config.stratumSettings()).isEmpty();
        assertThat(config.engineSettings().mode()).isEqualTo(RandomXMode.AUTO);
    }

    @Test
    void bindsAListOfPoolTablesWithDefaultsForOmittedKeys() {
        RandomxClusterConfig config = bind("""
                wallet_address = "%s"
                pools = [
                  { url = "stratum+ssl://a.example:443", user = "rig-a", pass = "hunter2" },
                  { url = "b.example:3333", tls = true },
                ]
                pool_tls_insecure = true
                """.formatted(WALLET));
        assertThat(config.upstream()).isEqualTo(RandomxClusterConfig.Upstream.POOL);
        assertThat(config.pools()).containsExactly(new PoolConfig("stratum+ssl://a.example:443", "rig-a", "hunter2", false),
                new PoolConfig("b.example:3333", "", "x", true));
        var settings = config.poolSettings();
        assertThat(settings.trustAllCertificates()).isTrue();
        assertThat(settings.pools().get(1).user()).as("user defaults to wallet_address").isEqualTo(WALLET);
        assertThat(settings.pools().get(0).endpoint().tls()).isTrue();
        assertThat(settings.pools().get(1).endpoint().tls()).isTrue();
    }

    @Test
    void configShowMasksThePoolPassword() throws Exception {
        TestConfig config = load("pools = [{ url = \"a.example:3333\", user = \"u\", pass = \"hunter2\" }]");
        String shown = config.show("randomx-cluster", RandomxClusterConfig.SPEC);
        assertThat(shown).contains("a.example:3333").doesNotContain("hunter2");
    }

    @Test
    void operatorKeysReachTheEngineMinerSoloAndStratumSettings() {
        RandomxClusterConfig config = bind("""
                mode = "light"
                threads = 3
                ram_mb = 4096
                huge_pages = "off"
                affinity = "0,1"
                jit = "off"
                hard_aes = "on"
                secure_jit = "auto"
                wallet_address = "%s"
                daemon_rpc = "http://127.0.0.1:18081"
                daemon_poll_ms = 250
                stratum_listen = "127.0.0.1:3333"
                stratum_difficulty = 5000
                stratum_share_seconds = 0
                """.formatted(WALLET));
        assertThat(config.upstream()).isEqualTo(RandomxClusterConfig.Upstream.DAEMON);
        assertThat(config.engineSettings().mode()).isEqualTo(RandomXMode.LIGHT);
        assertThat(config.engineSettings().threads()).isEqualTo(3);
        assertThat(config.engineSettings().ramMb()).isEqualTo(4096);
        assertThat(config.engineSettings().hugePages()).isEqualTo(HugePagesPolicy.OFF);
        assertThat(config.engineSettings().flags().jit().name()).isEqualTo("OFF");
        assertThat(config.engineSettings().flags().hardAes().name()).isEqualTo("ON");
        assertThat(config.minerSettings().affinity().cpuFor(1)).hasValue(1);
        assertThat(config.soloSettings().pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.stratumSettings()).hasValueSatisfying(s -> {
            assertThat(s.port()).isEqualTo(3333);
            assertThat(s.startDifficulty()).isEqualTo(5000);
            assertThat(s.vardiff()).as("stratum_share_seconds = 0 fixes the difficulty").isFalse();
        });
    }

    @Test
    void refusesDaemonAndPoolsTogether() {
        assertThatThrownBy(() -> bind("""
                wallet_address = "%s"
                daemon_rpc = "http://127.0.0.1:18081"
                pools = [{ url = "a.example:3333" }]
                """.formatted(WALLET)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("randomx-cluster.daemon_rpc and pools are both set");
    }

    @Test
    void refusesSoloWithoutOrWithAMalformedWallet() {
        assertThatThrownBy(() -> bind("daemon_rpc = \"http://127.0.0.1:18081\""))
                .hasMessageStartingWith("randomx-cluster.wallet_address is required for solo mining");
        assertThatThrownBy(() -> bind("daemon_rpc = \"http://127.0.0.1:18081\"\nwallet_address = \"0xdeadbeef\""))
                .hasMessageStartingWith("randomx-cluster.wallet_address must be a Monero address");
        assertThatThrownBy(() -> bind("daemon_rpc = \"ftp://x\"\nwallet_address = \"" + WALLET + "\""))
                .hasMessageContaining("daemon_rpc must be an http:// or https:// URL");
    }

    @Test
    void refusesBadStratumListenAndStratumWithoutUpstream() {
        String pool = "pools = [{ url = \"a.example:3333\", user = \"u\" }]\n";
        assertThatThrownBy(() -> bind(pool + "stratum_listen = \"3333\""))
                .hasMessageContaining("randomx-cluster.stratum_listen must be host:port (e.g. 127.0.0.1:8080), was"
                        + " \"3333\"; the port is missing");
        assertThatThrownBy(() -> bind(pool + "stratum_listen = \"127.0.0.1:http\""))
                .hasMessageContaining("randomx-cluster.stratum_listen must have a port between 0 and 65535");
        assertThatThrownBy(() -> bind(pool + "stratum_listen = \"127.0.0.1:70000\""))
                .hasMessageContaining("randomx-cluster.stratum_listen must have a port between 0 and 65535");
        assertThatThrownBy(() -> bind("stratum_listen = \"127.0.0.1:3333\""))
                .hasMessageStartingWith("randomx-cluster.stratum_listen needs work to hand out");
    }

    @Test
    void refusesBadPoolsAndEnumsNamingTheKey() {
        assertThatThrownBy(() -> bind("pools = [{ user = \"u\" }]"))
                .hasMessageStartingWith("randomx-cluster.pools[0].url is required");
        assertThatThrownBy(() -> bind("pools = [{ url = \"a.example:3333\" }]"))
                .hasMessageStartingWith("randomx-cluster.pools[0].user is empty and so is wallet_address");
        assertThatThrownBy(() -> bind("pools = [{ url = \"http://a.example\", user = \"u\" }]"))
                .hasMessageStartingWith("randomx-cluster.pools[0].url is unusable");
        assertThatThrownBy(() -> bind("pools = [{ url = \"a:1\", user = \"u\", password = \"p\" }]"))
                .hasMessageContaining("unknown key randomx-cluster.pools[0].password");
        assertThatThrownBy(() -> bind("mode = \"turbo\"")).hasMessageStartingWith("randomx-cluster.mode must be auto, fast or light");
        assertThatThrownBy(() -> bind("huge_pages = \"always\"")).hasMessageStartingWith("randomx-cluster.huge_pages must be auto, use or off");
        assertThatThrownBy(() -> bind("jit = \"maybe\"")).hasMessageStartingWith("randomx-cluster.jit must be auto, on or off");
        assertThatThrownBy(() -> bind("affinity = \"x\"")).hasMessageStartingWith("randomx-cluster.affinity must be off, auto or a list");
        assertThatThrownBy(() -> bind("daemon_poll_ms = 5")).hasMessageStartingWith("randomx-cluster.daemon_poll_ms must be between 100 and 60000");
    }

    @Test
    void bindsClusterKeysAndRefusesAMasterWithoutUpstream() {
        RandomxClusterConfig config = bind("""
                role = "auto"
                cluster_secret_file = "/etc/quarry/cluster.secret"
                discovery_port = 10010
                discovery_peers = ["127.0.0.1:10011", "127.0.0.1:10012"]
                dataset_host = true
                max_bad_results = 3
                """);
        assertThat(config.clusterSettings().role().key()).isEqualTo("auto");
        assertThat(config.clusterSettings().peerEndpoints()).hasSize(2);
        assertThat(config.clusterSettings().datasetHost()).isTrue();
        assertThatThrownBy(() -> bind("role = \"master\"\ncluster_secret_file = \"/x\""))
                .hasMessageStartingWith("randomx-cluster.role = \"master\" needs work to hand out");
        assertThatThrownBy(() -> bind("role = \"worker\""))
                .hasMessageStartingWith("randomx-cluster.cluster_secret_file is required");
        assertThatThrownBy(() -> bind("role = \"boss\""))
                .hasMessageStartingWith("randomx-cluster.role must be standalone, master, worker or auto");
    }

    @Test
    void exampleConfigDocumentsEveryKeyAndItsTableBinds() throws Exception {
        String text = Files.readString(EXAMPLE);
        int start = text.indexOf("\n[randomx-cluster]\n");
        assertThat(start).as("a [randomx-cluster] table in %s", EXAMPLE).isNotNegative();
        // The table ends where the next one starts, commented out or not.
        var next = Pattern.compile("(?m)^(# )?\\[").matcher(text);
        int end = next.find(start + 2) ? next.start() : text.length();
        String body = text.substring(start, end);
        for (RecordComponent c : RandomxClusterConfig.class.getRecordComponents()) {
            String key = c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
            assertThat(body).as("randomx-cluster.%s documented in %s", key, EXAMPLE).containsPattern("(?m)^(# )?" + key + " = ");
        }
        TestConfig example = TestConfig.file(EXAMPLE);
        assertThat(example.bind("randomx-cluster", RandomxClusterConfig.SPEC)).as("the example's values are the defaults")
                .isEqualTo(RandomxClusterConfig.SPEC.defaults());
        // With its commented-out pools line taken in, the table means pool mining.
        String withPools = body.substring(body.indexOf('\n', 1)).replace("\n# pools = ", "\npools = ");
        assertThat(bind(withPools).upstream()).isEqualTo(RandomxClusterConfig.Upstream.POOL);
        assertThat(undocumentedInPluginsGuide()).as("keys missing from docs/plugins.md").isEmpty();
    }

    private static List<String> undocumentedInPluginsGuide() throws Exception {
        String text = Files.readString(Path.of("../../docs/plugins.md").toAbsolutePath().normalize());
        return java.util.Arrays.stream(RandomxClusterConfig.class.getRecordComponents())
                .map(c -> c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT))
                .filter(key -> !text.contains("`" + key + "`")).toList();
    }

    private RandomxClusterConfig bind(String table) {
        return load(table).bind("randomx-cluster", RandomxClusterConfig.SPEC);
    }

    private TestConfig load(String table) {
        return TestConfig.table("randomx-cluster", table);
    }
}
