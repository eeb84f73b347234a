package io.quarry.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigBindingTest {

    @TempDir
    Path dir;

    @Test
    void bindsEverySupportedTypeFromTheFile() {
        String toml = """
                [s]
                threads = 4
                mode = "master"
                pools = [{ url = "stratum+tcp://a:1", user = "w" }]
                password = "pw"
                tags = { "io.quarry.transport" = "debug", plain = "x" }
                limits = { max_peers = 2, note = "n" }
                ratio = 2
                enabled = false
                ports = [1, 2]
                max_storage_gb = 100
                """;

        SampleConfig c = ConfigTesting.load(dir, toml, Map.of()).bind("s", SampleConfig.SPEC);

        assertThat(c).isEqualTo(new SampleConfig(4, SampleConfig.Mode.MASTER,
                List.of(new SampleConfig.Pool("stratum+tcp://a:1", "w")), "pw",
                Map.of("io.quarry.transport", "debug", "plain", "x"), new SampleConfig.Limits(2, "n"), 2.0, false,
                List.of(1, 2), 100));
    }

    @Test
    void unquotedDottedMapKeysAreFlattenedToLoggerNames() {
        Config config = ConfigTesting.load(dir, "[log.levels]\nio.quarry.transport = \"debug\"\n", Map.of());

        assertThat(KernelConfig.bind(config).log().levels()).containsExactly(Map.entry("io.quarry.transport", "debug"));
    }

    @Test
    void stringKeyTakesEnvironmentTextVerbatim() {
        Config config = ConfigTesting.load(dir, "", Map.of("QUARRY_NODE_NAME", "1234", "QUARRY_NODE_DATA_DIR",
                "\"/quoted dir\""));

        NodeConfig node = KernelConfig.bind(config).node();
        assertThat(node.name()).isEqualTo("1234");
        assertThat(node.dataDir()).isEqualTo("/quoted dir");
    }

    @Test
    void listFromEnvironmentMayBeCommaSeparatedOrTomlArray() {
        Config commas = ConfigTesting.load(dir, "", Map.of("QUARRY_PLUGINS_ENABLED", "storage-miner, poies-miner"));
        Config array = ConfigTesting.load(dir, "", Map.of("QUARRY_PLUGINS_ENABLED", "[\"fleet-control\"]"));
        Config ints = ConfigTesting.load(dir, "", Map.of("QUARRY_S_PORTS", "80,443"));

        assertThat(KernelConfig.bind(commas).plugins().enabled()).containsExactly("storage-miner", "poies-miner");
        assertThat(KernelConfig.bind(array).plugins().enabled()).containsExactly("fleet-control");
        assertThat(ints.bind("s", SampleConfig.SPEC).ports()).containsExactly(80, 443);
    }

    @Test
    void tableFromCommandLineReplacesTheFilesTable() {
        Config config = ConfigTesting.load(dir, "[log]\nlevels = { a = \"warn\", b = \"warn\" }\n", Map.of(),
                "log.levels={ \"io.quarry.http\" = \"trace\" }");

        assertThat(KernelConfig.bind(config).log().levels()).containsExactly(Map.entry("io.quarry.http", "trace"));
    }

    @Test
    void kernelSectionsBindToDefaultsWhenNothingIsSet() {
        KernelConfig kernel = KernelConfig.bind(Config.empty());

        assertThat(kernel.http()).isEqualTo(HttpConfig.SPEC.defaults());
        assertThat(kernel.node().dataDir()).isEmpty();
        assertThat(kernel.node().name()).isEqualTo(NodeConfig.DEFAULT_NAME).isNotBlank();
        assertThat(kernel.log().level()).isEqualTo("info");
        assertThat(kernel.plugins().enabled()).isEmpty();
        assertThat(kernel.store().syncWrites()).isFalse();
        assertThat(KernelConfig.SPECS.keySet()).containsExactly("node", "http", "transport", "plugins", "log", "store");
    }

    @Test
    void camelCaseComponentsMapToSnakeCaseKeys() {
        assertThat(Keys.tomlKey("maxStorageGb")).isEqualTo("max_storage_gb");
        assertThat(Keys.tomlKey("maxWsMessageBytes")).isEqualTo("max_ws_message_bytes");
        assertThat(Keys.tomlKey("httpURLPath")).isEqualTo("http_url_path");
        assertThat(Keys.tomlKey("sha256Sum")).isEqualTo("sha256_sum");
        assertThat(Keys.envName("randomx-cluster", "max_threads")).isEqualTo("QUARRY_RANDOMX_CLUSTER_MAX_THREADS");
    }
}
