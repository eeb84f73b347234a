package io.quarry.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.config.ConfigSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigShowTest {

    @TempDir
    Path dir;

    @Test
    void showsEveryKeyWithItsSourceAndMasksSecrets() {
        String toml = """
                [randomx-cluster]
                password = "s3cret"
                pools = [{ url = "stratum+tcp://a:1", user = "wallet" }]
                """;
        Config config = ConfigTesting.load(dir, toml, Map.of("QUARRY_RANDOMX_CLUSTER_THREADS", "4"),
                "randomx-cluster.mode=worker");
        Map<String, ConfigSpec<?>> specs = new LinkedHashMap<>();
        specs.put("randomx-cluster", SampleConfig.SPEC);
        specs.put("store", StoreConfig.SPEC);

        String shown = config.show(specs);

        assertThat(shown).doesNotContain("s3cret").doesNotContain("hunter2").doesNotContain("wallet");
        // Comments are aligned per section; compare with the padding collapsed.
        assertThat(shown.lines().map(l -> l.replaceAll(" {2,}#", "  #")).toList()).contains(
                "[randomx-cluster]",
                "threads = 4  # env QUARRY_RANDOMX_CLUSTER_THREADS",
                "mode = \"worker\"  # --set",
                "pools = [{ url = \"stratum+tcp://a:1\", user = \"********\" }]  # quarry.toml:3",
                "password = \"********\"  # quarry.toml:2",
                "limits = { max_peers = 8, note = \"none\" }  # default",
                "[store]",
                "sync_writes = false  # default");
    }

    @Test
    void showIsValidTomlThatReadsBackToTheSameValues() {
        Config config = ConfigTesting.load(dir, "[log]\nlevels = { \"io.quarry.x\" = \"debug\" }\nformat = \"json\"\n",
                Map.of());
        String shown = config.show(KernelConfig.SPECS);

        Config reread = ConfigTesting.load(dir, shown, Map.of());

        assertThat(KernelConfig.bind(reread)).isEqualTo(KernelConfig.bind(config));
    }

    @Test
    void entriesCarryPlainValuesForJson() {
        Map<String, ConfigSpec<?>> specs = Map.of("s", SampleConfig.SPEC);
        List<ConfigEntry> entries = Config.empty().entries(specs);

        assertThat(entries).contains(
                new ConfigEntry("s.password", "********", "default"),
                new ConfigEntry("s.mode", "auto", "default"),
                new ConfigEntry("s.limits", Map.of("max_peers", 8, "note", "none"), "default"));
    }
}
