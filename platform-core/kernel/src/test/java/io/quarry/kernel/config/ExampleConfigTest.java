package io.quarry.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.config.ConfigSpec;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** config/quarry.example.toml documents every kernel key and is itself a valid configuration. */
class ExampleConfigTest {

    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final Path EXAMPLE = REPO.resolve("config/quarry.example.toml");

    @Test
    void exampleNamesEveryKernelKeyInItsSection() throws Exception {
        String text = Files.readString(EXAMPLE);
        for (Map.Entry<String, ConfigSpec<?>> section : KernelConfig.SPECS.entrySet()) {
            int start = text.indexOf("\n[" + section.getKey() + "]\n");
            assertThat(start).as("section [%s] in %s", section.getKey(), EXAMPLE).isNotNegative();
            int end = text.indexOf("\n[", start + 1);
            String body = end < 0 ? text.substring(start) : text.substring(start, end);
            for (RecordComponent c : section.getValue().type().getRecordComponents()) {
                String key = Keys.tomlKey(c.getName());
                assertThat(body).as("%s.%s documented in %s", section.getKey(), key, EXAMPLE)
                        .containsPattern("(?m)^#? ?" + key + " = ");
            }
        }
    }

    @Test
    void exampleAndDevConfigsAreValid() {
        for (String name : List.of("quarry.example.toml", "dev.toml")) {
            Config config = ConfigLoader.load(Optional.of(REPO.resolve("config").resolve(name)), List.of(), Map.of());
            KernelConfig kernel = KernelConfig.bind(config);
            assertThat(kernel.http().listen().host()).isEqualTo("127.0.0.1");
        }
    }
}
