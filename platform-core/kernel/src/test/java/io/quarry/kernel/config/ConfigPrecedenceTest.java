package io.quarry.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigPrecedenceTest {

    private static final String SECTION = "randomx-cluster";

    @TempDir
    Path dir;

    /** Every combination of file, seed env name, generic env name and --set setting threads (default is 1). */
    static Stream<Arguments> layers() {
        return IntStream.range(0, 16).mapToObj(bits -> Arguments.of(
                (bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0));
    }

    @ParameterizedTest(name = "file={0} seedEnv={1} genericEnv={2} cli={3}")
    @MethodSource("layers")
    void highestLayerSetWinsAndIsReportedAsTheSource(boolean file, boolean seedEnv, boolean genericEnv, boolean cli) {
        String toml = "[randomx-cluster]\nmode = \"worker\"\n" + (file ? "threads = 2\n" : "");
        Map<String, String> env = new HashMap<>();
        if (seedEnv) {
            env.put("MINER_THREADS", "3");
        }
        if (genericEnv) {
            env.put("QUARRY_RANDOMX_CLUSTER_THREADS", "4");
        }
        Config config = cli ? ConfigTesting.load(dir, toml, env, "randomx-cluster.threads=5")
                : ConfigTesting.load(dir, toml, env);

        int expected = cli ? 5 : genericEnv ? 4 : seedEnv ? 3 : file ? 2 : 1;
        String expectedSource = cli ? "--set" : genericEnv ? "env QUARRY_RANDOMX_CLUSTER_THREADS"
                : seedEnv ? "env MINER_THREADS" : file ? "quarry.toml:3" : "default";
        assertThat(config.bind(SECTION, SampleConfig.SPEC).threads()).isEqualTo(expected);
        assertThat(entry(config, "randomx-cluster.threads").source()).isEqualTo(expectedSource);
        assertThat(entry(config, "randomx-cluster.mode").source()).isEqualTo("quarry.toml:2");
    }

    @Test
    void seedNamesAreTriedInDeclaredOrder() {
        Config config = ConfigLoader.load(java.util.Optional.empty(), List.of(),
                Map.of("THREADS", "7", "MINER_THREADS", "6"));

        assertThat(config.bind(SECTION, SampleConfig.SPEC).threads()).isEqualTo(6);
    }

    @Test
    void lastOfRepeatedOverridesWins() {
        Config config = ConfigTesting.load(dir, "", Map.of(), "randomx-cluster.threads=5", "randomx-cluster.threads=9");

        assertThat(config.bind(SECTION, SampleConfig.SPEC).threads()).isEqualTo(9);
    }

    @Test
    void emptyEnvironmentVariableCountsAsUnset() {
        Config config = ConfigTesting.load(dir, "[randomx-cluster]\nthreads = 2\n",
                Map.of("QUARRY_RANDOMX_CLUSTER_THREADS", ""));

        assertThat(config.bind(SECTION, SampleConfig.SPEC).threads()).isEqualTo(2);
    }

    @Test
    void namedOptionIsReportedByItsName() {
        Config config = ConfigLoader.load(java.util.Optional.empty(),
                List.of(ConfigOverride.named("node.data_dir", "/srv/quarry", "--data-dir")),
                Map.of("QUARRY_NODE_DATA_DIR", "/elsewhere"));

        assertThat(KernelConfig.bind(config).node().dataDir()).isEqualTo("/srv/quarry");
        assertThat(config.entries(KernelConfig.SPECS)).contains(new ConfigEntry("node.data_dir", "/srv/quarry",
                "--data-dir"));
    }

    @Test
    void nestedTableFromFileKeepsDefaultsForKeysItLeavesOut() {
        Config config = ConfigTesting.load(dir, "[randomx-cluster.limits]\nmax_peers = 3\n", Map.of());

        assertThat(config.bind(SECTION, SampleConfig.SPEC).limits()).isEqualTo(new SampleConfig.Limits(3, "none"));
    }

    private static ConfigEntry entry(Config config, String key) {
        Map<String, io.quarry.api.config.ConfigSpec<?>> specs = new LinkedHashMap<>();
        specs.put(SECTION, SampleConfig.SPEC);
        return config.entries(specs).stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow();
    }
}
