package io.quarry.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelRecordsTest {

    @Test
    void logConfigNormalizesAndValidatesLevels() {
        LogConfig log = new LogConfig("JSON", Map.of("io.quarry", "DEBUG"), "Warn", true, 1, 1);

        assertThat(log.json()).isTrue();
        assertThat(log.level()).isEqualTo("warn");
        assertThat(log.levels()).containsEntry("io.quarry", "debug");
        assertThatThrownBy(() -> new LogConfig("text", Map.of("io.quarry", "loud"), "info", true, 1, 1))
                .hasMessage("log.levels must be one of trace, debug, info, warn, error, off, was \"loud\"");
        assertThatThrownBy(() -> new LogConfig("xml", Map.of(), "info", true, 1, 1)).hasMessageContaining("log.format");
    }

    @Test
    void pluginsConfigRejectsDuplicateIds() {
        assertThatThrownBy(() -> new PluginsConfig(List.of("a", "a"), ""))
                .hasMessage("plugins.enabled lists a twice");
    }

    @Test
    void httpListenIsValidatedAtBind() {
        Config config = ConfigLoader.load(java.util.Optional.empty(), List.of(ConfigOverride.parseSet("http.listen=8080")),
                Map.of());

        assertThatThrownBy(() -> KernelConfig.bind(config)).hasMessage(
                "http.listen must be host:port (e.g. 127.0.0.1:8080), was \"8080\"; the port is missing (from --set)");
    }
}
