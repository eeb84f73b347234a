package io.quarry.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a hostile or careless configuration cannot do: leak secrets, or crash the loader. */
class ConfigHardeningTest {

    @TempDir
    Path dir;

    private static Map<String, ConfigSpec<?>> sample() {
        Map<String, ConfigSpec<?>> specs = new LinkedHashMap<>();
        specs.put("randomx-cluster", SampleConfig.SPEC);
        return specs;
    }

    @Test
    void aSecretOfTheWrongTypeIsNotPrinted() {
        Config config = ConfigTesting.load(dir, "[randomx-cluster]\npassword = 987654321\n", Map.of());
        assertThatThrownBy(() -> config.bind("randomx-cluster", SampleConfig.SPEC))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("randomx-cluster.password must be a string")
                .hasMessageContaining("quarry.toml")
                .hasMessageNotContaining("987654321");
    }

    @Test
    void aNestedSecretOfTheWrongTypeIsNotPrintedEither() {
        Config config = ConfigTesting.load(dir,
                "[randomx-cluster]\npools = [{ url = \"stratum+tcp://a:1\", user = [\"w4ll3t\"] }]\n", Map.of());
        assertThatThrownBy(() -> config.bind("randomx-cluster", SampleConfig.SPEC))
                .isInstanceOf(ConfigException.class).hasMessageContaining("user must be a string")
                .hasMessageNotContaining("w4ll3t");
    }

    @Test
    void credentialsInUrlsAreMaskedByConfigShow() {
        Config config = ConfigTesting.load(dir, """
                [randomx-cluster]
                pools = [{ url = "stratum+tcp://wallet.rig:PW-1@pool:3333", user = "x" }]
                [randomx-cluster.tags]
                daemon = "http://rpcuser:rpc-PW-2@127.0.0.1:18081/json_rpc"
                token = "https://T0KEN-3@example.invalid/x"
                plain = "http://127.0.0.1:8080/a@b"
                """, Map.of());
        String shown = config.show(sample());
        assertThat(shown).doesNotContain("PW-1").doesNotContain("PW-2").doesNotContain("T0KEN-3")
                .contains("stratum+tcp://wallet.rig:********@pool:3333")
                .contains("http://rpcuser:********@127.0.0.1:18081/json_rpc")
                .contains("https://********@example.invalid/x")
                .contains("http://127.0.0.1:8080/a@b");
    }

    @Test
    void aThousandLevelsOfNestingInTheFileIsAConfigError() {
        String deep = "[".repeat(1000) + "]".repeat(1000);
        assertThatThrownBy(() -> ConfigTesting.load(dir, "[randomx-cluster]\n# [[[ in a comment\nports = " + deep + "\n",
                Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("more than 64 levels deep (line 3)");
    }

    @Test
    void aThousandLevelsOfNestingInSetIsAConfigError() {
        Config config = ConfigTesting.load(dir, "", Map.of(), "randomx-cluster.tags=" + "{a=".repeat(1000)
                + "1" + "}".repeat(1000));
        assertThatThrownBy(() -> config.bind("randomx-cluster", SampleConfig.SPEC))
                .isInstanceOf(ConfigException.class).hasMessageContaining("more than 64 levels deep");
    }

    @Test
    void bracketsInStringsDoNotCountAsNesting() {
        String brackets = "[".repeat(200);
        Config config = ConfigTesting.load(dir, "[randomx-cluster]\n[randomx-cluster.tags]\na = \"" + brackets
                + "\"\nb = '''" + brackets + "'''\n", Map.of());
        assertThat(config.bind("randomx-cluster", SampleConfig.SPEC).tags()).containsEntry("a", brackets);
    }
}
