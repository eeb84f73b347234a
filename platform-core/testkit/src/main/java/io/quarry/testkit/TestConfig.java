package io.quarry.testkit;

import io.quarry.api.config.ConfigSpec;
import io.quarry.kernel.config.Config;
import io.quarry.kernel.config.ConfigLoader;
import io.quarry.kernel.config.ConfigOverride;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A configuration as a node would load it (file, environment, {@code --set}), for binding a plugin's table to its
 * config record in a test exactly as {@code NodeContext.config(spec)} binds it on a node: the same defaults,
 * {@code @Env} names, {@code @Range} checks and errors naming the key and line.
 *
 * <pre>{@code
 * HelloConfig config = TestConfig.table("hello-miner", "greeting = \"hi\"").bind("hello-miner", HelloConfig.SPEC);
 * }</pre>
 *
 * Immutable: {@link #env} and {@link #set} return a new configuration.
 */
public final class TestConfig {

    private final Optional<String> toml;
    private final Optional<Path> file;
    private final Map<String, String> env;
    private final List<ConfigOverride> overrides;

    private TestConfig(Optional<String> toml, Optional<Path> file, Map<String, String> env,
                       List<ConfigOverride> overrides) {
        this.toml = toml;
        this.file = file;
        this.env = Map.copyOf(env);
        this.overrides = List.copyOf(overrides);
    }

    /** No file: defaults, plus whatever {@link #env} and {@link #set} add. */
    public static TestConfig empty() {
        return new TestConfig(Optional.empty(), Optional.empty(), Map.of(), List.of());
    }

    /** A whole {@code quarry.toml} given as text; errors name {@code quarry.toml} and count lines from its first. */
    public static TestConfig toml(String text) {
        return new TestConfig(Optional.of(Objects.requireNonNull(text, "text")), Optional.empty(), Map.of(), List.of());
    }

    /** A file holding only {@code [table]} followed by {@code body}; the body starts on line 2. */
    public static TestConfig table(String table, String body) {
        return toml("[" + Objects.requireNonNull(table, "table") + "]\n" + Objects.requireNonNull(body, "body") + "\n");
    }

    /** A configuration file on disk, such as the repository's {@code config/quarry.example.toml}. */
    public static TestConfig file(Path path) {
        return new TestConfig(Optional.empty(), Optional.of(Objects.requireNonNull(path, "path")), Map.of(), List.of());
    }

    /** The same configuration with these environment variables set (replacing any given before). */
    public TestConfig env(Map<String, String> variables) {
        return new TestConfig(toml, file, variables, overrides);
    }

    /** The same configuration with {@code --set key=value}; the value is a TOML literal or a plain string. */
    public TestConfig set(String key, String value) {
        List<ConfigOverride> more = new ArrayList<>(overrides);
        more.add(new ConfigOverride(key, value, "test"));
        return new TestConfig(toml, file, env, more);
    }

    /**
     * Binds {@code table} to {@code spec}'s record as a node does.
     *
     * @throws io.quarry.api.config.ConfigException naming the key (and line) when a key is unknown or a value
     *     has the wrong type or is out of range
     */
    public <R extends Record> R bind(String table, ConfigSpec<R> spec) {
        return load().bind(table, spec);
    }

    /**
     * What {@code quarry config show} prints for {@code table}: every key's effective value and where it came
     * from, with secrets masked.
     */
    public String show(String table, ConfigSpec<?> spec) {
        Map<String, ConfigSpec<?>> specs = new LinkedHashMap<>();
        specs.put(table, spec);
        return load().show(specs);
    }

    private Config load() {
        if (toml.isEmpty()) {
            return ConfigLoader.load(file, overrides, env);
        }
        // A file named as a node's would be, so messages read "quarry.toml line 3" as they would there.
        Path dir = null;
        Path temp = null;
        try {
            dir = Files.createTempDirectory("quarry-test-config");
            temp = Files.writeString(dir.resolve("quarry.toml"), toml.get());
            return ConfigLoader.load(Optional.of(temp), overrides, env);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test configuration: " + e.getMessage(), e);
        } finally {
            try {
                if (temp != null) {
                    Files.deleteIfExists(temp);
                }
                if (dir != null) {
                    Files.deleteIfExists(dir);
                }
            } catch (IOException ignored) {
                // A leftover file in the temp directory harms nothing.
            }
        }
    }
}
