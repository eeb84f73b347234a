package io.quarry.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.config.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigOverrideTest {

    @Test
    void splitsAtTheFirstEqualsSign() {
        ConfigOverride o = ConfigOverride.parseSet("fleet-control.url=http://h:1/?a=b&c=d");

        assertThat(o).isEqualTo(new ConfigOverride("fleet-control.url", "http://h:1/?a=b&c=d", "--set"));
        assertThat(o.section()).isEqualTo("fleet-control");
        assertThat(o.name()).isEqualTo("url");
    }

    @Test
    void valuesAreTomlLiteralsOrPlainStrings() {
        Config config = ConfigLoader.load(Optional.empty(), List.of(
                ConfigOverride.parseSet("plugins.enabled=[\"storage-miner\", \"poies-miner\"]"),
                ConfigOverride.parseSet("plugins.dir=/tmp/x"),
                ConfigOverride.parseSet("http.max_body_bytes=4096"),
                ConfigOverride.parseSet("http.token_on_loopback=false"),
                ConfigOverride.parseSet("node.name=\"a = b\"")), Map.of());

        KernelConfig kernel = KernelConfig.bind(config);

        assertThat(kernel.plugins().enabled()).containsExactly("storage-miner", "poies-miner");
        assertThat(kernel.plugins().dir()).isEqualTo("/tmp/x");
        assertThat(kernel.http().maxBodyBytes()).isEqualTo(4096);
        assertThat(kernel.http().tokenOnLoopback()).isFalse();
        assertThat(kernel.node().name()).isEqualTo("a = b");
    }

    @Test
    void rejectsMissingEqualsSign() {
        assertThatThrownBy(() -> ConfigOverride.parseSet("node.data_dir"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--set expects section.key=value, was \"node.data_dir\"");
    }

    @Test
    void rejectsKeyWithoutSection() {
        assertThatThrownBy(() -> ConfigOverride.parseSet("threads=4"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--set needs a key of the form section.key (e.g. node.data_dir), was \"threads\"");
        assertThatThrownBy(() -> ConfigOverride.parseSet("=4")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ConfigOverride.parseSet("a.b.c=4")).isInstanceOf(ConfigException.class);
    }

    @Test
    void aValueThatIsNotOneLiteralStaysAString() {
        assertThat(TomlLiteral.parse("4\nother = 5")).isEqualTo("4\nother = 5");
        assertThat(TomlLiteral.parse("1.0.0")).isEqualTo("1.0.0");
        assertThat(TomlLiteral.parse("4")).isEqualTo(4L);
    }
}
