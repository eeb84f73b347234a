package io.quarry.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigErrorsTest {

    private static final String SECTION = "randomx-cluster";
    private static final String KNOWN_KEYS = "known keys: threads, mode, pools, password, tags, limits, ratio, "
            + "enabled, ports, max_storage_gb";

    @TempDir
    Path dir;

    @Test
    void unknownKeyNamesKeyLineAndKnownKeys() {
        Config config = ConfigTesting.load(dir, "[randomx-cluster]\nthreads = 2\nthread = 4\n", Map.of());

        assertThatThrownBy(() -> config.bind(SECTION, SampleConfig.SPEC))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown key randomx-cluster.thread (quarry.toml line 3); " + KNOWN_KEYS)
                .extracting(e -> ((ConfigException) e).key()).isEqualTo(Optional.of("randomx-cluster.thread"));
    }

    @Test
    void wrongTypeInFileNamesKeyValueAndLine() {
        Config config = ConfigTesting.load(dir, "[randomx-cluster]\n\nthreads = \"four\"\n", Map.of());

        assertThatThrownBy(() -> config.bind(SECTION, SampleConfig.SPEC))
                .hasMessage("randomx-cluster.threads must be an integer, was \"four\" (quarry.toml line 3)");
    }

    @Test
    void wrongTypeFromEnvNamesTheVariable() {
        Config config = ConfigTesting.load(dir, "", Map.of("QUARRY_RANDOMX_CLUSTER_THREADS", "four"));

        assertThatThrownBy(() -> config.bind(SECTION, SampleConfig.SPEC)).hasMessage(
                "randomx-cluster.threads must be an integer, was \"four\" (from env QUARRY_RANDOMX_CLUSTER_THREADS)");
    }

    @Test
    void rangeViolationNamesBoundAndSource() {
        Config fromFile = ConfigTesting.load(dir, "[storage-miner]\nmax_storage_gb = -3\n", Map.of());
        Config fromCli = ConfigTesting.load(dir, "", Map.of(), "storage-miner.threads=65");

        assertThatThrownBy(() -> fromFile.bind("storage-miner", SampleConfig.SPEC))
                .hasMessage("storage-miner.max_storage_gb must be >= 0, was -3 (quarry.toml line 2)");
        assertThatThrownBy(() -> fromCli.bind("storage-miner", SampleConfig.SPEC))
                .hasMessage("storage-miner.threads must be between 0 and 64, was 65 (from --set)");
    }

    @Test
    void integerTooLargeForAnIntIsRejected() {
        Config config = ConfigTesting.load(dir, "[randomx-cluster]\nthreads = 99999999999\n", Map.of());

        assertThatThrownBy(() -> config.bind(SECTION, SampleConfig.SPEC))
                .hasMessageStartingWith("randomx-cluster.threads must be an integer between -2147483648 and 2147483647");
    }

    @Test
    void unknownSectionNamesLineAndKnownSections() {
        Config config = ConfigTesting.load(dir, "[node]\nname = \"a\"\n\n[randomx-clustr]\nthreads = 1\n", Map.of());

        assertThatThrownBy(() -> config.checkSections(Set.of("node")))
                .hasMessage("unknown section [randomx-clustr] (quarry.toml line 4); known sections: node");
    }

    @Test
    void unknownSectionOnCommandLineIsRejected() {
        Config config = ConfigTesting.load(dir, "", Map.of(), "nod.name=x");

        assertThatThrownBy(() -> config.checkSections(Set.of("node")))
                .hasMessage("unknown section [nod] in nod.name (from --set); known sections: node");
    }

    @Test
    void sectionThatIsNotATableIsRejected() {
        Config config = ConfigTesting.load(dir, "node = 5\n", Map.of());

        assertThatThrownBy(() -> config.checkSections(Set.of("node")))
                .hasMessage("node must be a table ([node]), was 5 (quarry.toml line 1)");
    }

    @Test
    void environmentVariablesOfUnknownSectionsAreIgnored() {
        Config config = ConfigTesting.load(dir, "", Map.of("QUARRY_HOME", "/opt/quarry", "QUARRY_FOO_BAR", "1"));

        config.checkSections(KernelConfig.SPECS.keySet());
        // They change nothing: the node binds exactly what it binds without them.
        assertThat(KernelConfig.bind(config)).isEqualTo(KernelConfig.bind(ConfigTesting.load(dir, "", Map.of())));
    }

    @Test
    void unknownKeyFromEnvOfAKnownSectionIsAnError() {
        Config config = ConfigTesting.load(dir, "", Map.of("QUARRY_RANDOMX_CLUSTER_THREDS", "4"));

        assertThatThrownBy(() -> config.bind(SECTION, SampleConfig.SPEC)).hasMessage(
                "unknown key randomx-cluster.threds (from env QUARRY_RANDOMX_CLUSTER_THREDS); " + KNOWN_KEYS);
    }

    @Test
    void envVariableBelongsToTheLongestMatchingSection() {
        Map<String, String> env = Map.of("QUARRY_RANDOMX_CLUSTER_THREADS", "4", "QUARRY_RANDOMX_THREADS", "2");
        Config config = ConfigTesting.load(dir, "", env).withSections(Set.of("randomx", SECTION));

        assertThat(config.bind("randomx", SampleConfig.SPEC).threads()).isEqualTo(2);
        assertThat(config.bind(SECTION, SampleConfig.SPEC).threads()).isEqualTo(4);
    }

    @Test
    void unknownKeyOnCommandLineIsAnError() {
        Config config = ConfigTesting.load(dir, "", Map.of(), "randomx-cluster.treads=4");

        assertThatThrownBy(() -> config.bind(SECTION, SampleConfig.SPEC))
                .hasMessage("unknown key randomx-cluster.treads (from --set); " + KNOWN_KEYS);
    }

    @Test
    void badItemInListOfRecordsNamesItsFullPath() {
        String toml = """
                [randomx-cluster]
                pools = [
                  { url = "stratum+tcp://a:3333", user = "w1" },
                  { url = 5, user = "w2" },
                ]
                """;
        Config config = ConfigTesting.load(dir, toml, Map.of());

        assertThatThrownBy(() -> config.bind(SECTION, SampleConfig.SPEC))
                .hasMessage("randomx-cluster.pools[1].url must be a string, was 5 (quarry.toml line 4)");
    }

    @Test
    void unknownAndMissingKeysOfListItemsNameTheirPath() {
        Config unknown = ConfigTesting.load(dir, "[randomx-cluster]\npools = [{ url = \"stratum+tcp://a\", usr = \"w\" }]\n",
                Map.of());
        assertThatThrownBy(() -> unknown.bind(SECTION, SampleConfig.SPEC))
                .hasMessage("unknown key randomx-cluster.pools[0].usr (quarry.toml line 2); known keys: url, user");

        Config missing = ConfigTesting.load(dir, "[randomx-cluster]\npools = [{ url = \"stratum+tcp://a\" }]\n", Map.of());
        assertThatThrownBy(() -> missing.bind(SECTION, SampleConfig.SPEC))
                .hasMessage("randomx-cluster.pools[0].user is required (quarry.toml line 2)");
    }

    @Test
    void itemConstructorErrorGetsFullPathAndSource() {
        Config config = ConfigTesting.load(dir, "", Map.of(),
                "randomx-cluster.pools=[{url=\"stratum+tcp://a\", user=\"u\"}, {url=\"http://b\", user=\"u\"}]");

        assertThatThrownBy(() -> config.bind(SECTION, SampleConfig.SPEC))
                .hasMessage("randomx-cluster.pools[1].url must start with stratum+tcp://, was \"http://b\" (from --set)");
    }

    @Test
    void sectionConstructorErrorGetsTheSourceOfTheKeyItNames() {
        Config config = ConfigTesting.load(dir, "[log]\nformat = \"text\"\n", Map.of("QUARRY_LOG_FORMAT", "xml"));

        assertThatThrownBy(() -> KernelConfig.bind(config))
                .hasMessage("log.format must be \"text\" or \"json\", was \"xml\" (from env QUARRY_LOG_FORMAT)");
    }

    @Test
    void enumIsCaseInsensitiveAndListsChoicesWhenWrong() {
        assertThat(ConfigTesting.load(dir, "[x]\nmode = \"Worker\"\n", Map.of()).bind("x", SampleConfig.SPEC).mode())
                .isEqualTo(SampleConfig.Mode.WORKER);
        Config bad = ConfigTesting.load(dir, "[x]\nmode = \"boss\"\n", Map.of());
        assertThatThrownBy(() -> bad.bind("x", SampleConfig.SPEC))
                .hasMessage("x.mode must be master, worker or auto, was \"boss\" (quarry.toml line 2)");
    }

    @Test
    void syntaxErrorNamesFileLineAndColumn() {
        Path file = ConfigTesting.write(dir, "[node]\nname = \n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), List.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("syntax error in " + file + " at 2:8: ");
    }

    @Test
    void missingFileGivenExplicitlyIsAnError() {
        Path file = dir.resolve("nope.toml");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), List.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config file " + file + " does not exist");
    }
}
