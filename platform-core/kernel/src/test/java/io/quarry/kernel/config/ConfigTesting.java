package io.quarry.kernel.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Shortcuts for writing a quarry.toml and loading it. */
final class ConfigTesting {

    private ConfigTesting() {
    }

    static Path write(Path dir, String toml) {
        try {
            return Files.writeString(dir.resolve("quarry.toml"), toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Config load(Path dir, String toml, Map<String, String> env, String... sets) {
        List<ConfigOverride> overrides = Arrays.stream(sets).map(ConfigOverride::parseSet).toList();
        return ConfigLoader.load(Optional.of(write(dir, toml)), overrides, env);
    }
}
