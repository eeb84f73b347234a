package io.quarry.poies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.config.ConfigException;
import io.quarry.poies.PoiesMinerConfig.Listen;
import io.quarry.poies.PoiesMinerConfig.Selection;
import io.quarry.testkit.TestConfig;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoiesMinerConfigTest {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final PoiesMinerConfig D = PoiesMinerConfig.SPEC.defaults();

    @Test
    void defaultsFollowTheSeed() {
        assertThat(D.roles()).containsExactly("node");
        assertThat(D.stratumListen()).isEqualTo("0.0.0.0:11333");
        assertThat(D.stratumAddress()).contains(new Listen("0.0.0.0", 11333));
        assertThat(D.device()).isEqualTo("cpu");
        assertThat(D.scansLocally()).isTrue();
        assertThat(D.effectiveThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void bindsItsOwnEnvironmentNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("quarry.toml");
        Files.writeString(file, "[poies-miner]\nblock_time_secs = 7\n[poies-miner.selection]\ngamma_cap = 1.5\n"
                + "type_caps = { ai = 0.5 }\n");
        TestConfig config = TestConfig.file(file).env(Map.of(
                "MINER_THREADS", "3", "STRATUM_LISTEN", "127.0.0.1:4444", "CHAIN_ID", "42",
                "MINER_TARGET_SHARES_PER_SEC", "2.5", "MINER_DEVICE", "none",
                "RPC_URL", "http://10.0.0.1:8080/api/v1/poies-miner/rpc",
                "WS_URL", "ws://10.0.0.1:8080/api/v1/poies-miner/ws"));
        PoiesMinerConfig bound = config.bind("poies-miner", PoiesMinerConfig.SPEC);
        assertThat(bound.threads()).isEqualTo(3);
        assertThat(bound.stratumAddress()).contains(new Listen("127.0.0.1", 4444));
        assertThat(bound.chainId()).isEqualTo(42);
        assertThat(bound.targetSharesPerSec()).isEqualTo(2.5);
        assertThat(bound.rpcUrl()).isEqualTo("http://10.0.0.1:8080/api/v1/poies-miner/rpc");
        assertThat(bound.wsUrl()).isEqualTo("ws://10.0.0.1:8080/api/v1/poies-miner/ws");
        assertThat(bound.device()).isEqualTo("none");
        assertThat(bound.scansLocally()).isFalse();
        assertThat(bound.blockTimeSecs()).isEqualTo(7);
        assertThat(bound.selection()).isEqualTo(new Selection(1.5, Map.of("ai", 0.5), 0));
    }

    @Test
    void fileErrorsNameTheKeyAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("quarry.toml");
        Files.writeString(file, "[poies-miner]\n\nroles = [\"node\", \"pool\"]\n");
        TestConfig config = TestConfig.file(file);
        assertThatThrownBy(() -> config.bind("poies-miner", PoiesMinerConfig.SPEC))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("roles")
                .hasMessageContaining("\"pool\"")
                .hasMessageContaining("line 3");
    }

    @Test
    void shippedConfigsBindAndDevUsesLoopback() {
        for (String name : List.of("quarry.example.toml", "dev.toml")) {
            TestConfig config = TestConfig.file(REPO.resolve("config").resolve(name));
            PoiesMinerConfig bound = config.bind("poies-miner", PoiesMinerConfig.SPEC);
            assertThat(bound).as(name).isNotNull();
            if (name.equals("dev.toml")) {
                assertThat(bound.stratumAddress().orElseThrow().host()).isEqualTo("127.0.0.1");
            }
        }
    }

    @Test
    void exampleDocumentsEveryKey() throws Exception {
        String text = Files.readString(REPO.resolve("config/quarry.example.toml"));
        int start = text.indexOf("\n[poies-miner]\n");
        assertThat(start).isNotNegative();
        for (RecordComponent c : PoiesMinerConfig.class.getRecordComponents()) {
            String key = c.getName().replaceAll("([A-Z])", "_$1").toLowerCase();
            if (key.equals("selection")) {
                assertThat(text).contains("[poies-miner.selection]");
                continue;
            }
            assertThat(text.substring(start)).as("poies-miner.%s documented", key)
                    .containsPattern("(?m)^#? ?" + key + " = ");
        }
        for (RecordComponent c : Selection.class.getRecordComponents()) {
            String key = c.getName().replaceAll("([A-Z])", "_$1").toLowerCase();
            assertThat(text.substring(text.indexOf("[poies-miner.selection]")))
                    .as("poies-miner.selection.%s documented", key).containsPattern("(?m)^#? ?" + key + " = ");
        }
    }

    @Test
    void rejectsBadValuesNamingTheKey() {
        assertRejected(c -> with(c, "roles", List.of()), "roles");
        assertRejected(c -> with(c, "roles", List.of("node", "node")), "roles");
        assertRejected(c -> with(c, "roles", List.of("miner")), "roles");
        assertRejected(c -> with(c, "device", "cuda"), "device");
        assertRejected(c -> with(c, "device", "fpga"), "device");
        assertRejected(c -> with(c, "stratumListen", "11333"), "stratum_listen");
        assertRejected(c -> with(c, "stratumListen", "::1:11333"), "stratum_listen");
        assertRejected(c -> with(c, "stratumListen", "host:99999"), "stratum_listen");
        assertRejected(c -> with(c, "rpcUrl", "ws://x/rpc"), "rpc_url");
        assertRejected(c -> with(c, "wsUrl", "http://x/ws"), "ws_url");
        assertRejected(c -> with(c, "targetSharesPerSec", 0.0), "target_shares_per_sec");
        assertRejected(c -> with(c, "targetSharesPerSec", Double.NaN), "target_shares_per_sec");
        assertRejected(c -> with(c, "coinbase", "has space"), "coinbase");
        assertRejected(c -> with(c, "coinbase", "Anim1"), "coinbase");
        assertRejected(c -> with(c, "proofKinds", List.of("ai", "gpu")), "proof_kinds");
        assertRejected(c -> with(c, "rpcAccess", "public"), "rpc_access");
        assertRejected(c -> with(c, "peerRequestsPerSec", -1.0), "peer_requests_per_sec");
        assertThatThrownBy(() -> new Selection(-1, Map.of(), 0)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("gamma_cap");
        assertThatThrownBy(() -> new Selection(0, Map.of("gpu", 1.0), 0)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("type_caps");
    }

    @Test
    void acceptsIpv6AndMinerRoleWithUrls() {
        assertThat(Listen.parse("k", "[::1]:11333")).isEqualTo(new Listen("::1", 11333));
        PoiesMinerConfig miner = with(with(D, "wsUrl", "ws://127.0.0.1:8080/x"), "roles", List.of("miner"));
        assertThat(miner.isMiner()).isTrue();
        assertThat(miner.isNode()).isFalse();
        assertThat(miner.scansLocally()).isFalse();
        assertThat(D.coinbaseOr("AB12")).isEqualTo("quarryab12");
        assertThat(D.coinbaseOr("ab".repeat(32))).hasSize(46);
    }

    private static void assertRejected(UnaryOperator<PoiesMinerConfig> change, String key) {
        assertThatThrownBy(() -> change.apply(D)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).contains(key));
    }

    /** A copy of {@code config} with one component replaced (through the canonical constructor). */
    static PoiesMinerConfig with(PoiesMinerConfig config, String component, Object value) {
        RecordComponent[] components = PoiesMinerConfig.class.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        boolean found = false;
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                boolean match = components[i].getName().equals(component);
                found |= match;
                args[i] = match ? value : components[i].getAccessor().invoke(config);
            }
            if (!found) {
                throw new IllegalArgumentException("no component " + component);
            }
            return PoiesMinerConfig.class.getDeclaredConstructor(types).newInstance(args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
