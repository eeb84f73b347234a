package io.quarry.kernel.config;

import io.quarry.api.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

/** Reads {@code quarry.toml} and gathers the environment and command-line overrides into a {@link Config}. */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private ConfigLoader() {
    }

    /**
     * Loads the configuration. Nothing is bound yet, so unknown keys and bad values surface at
     * {@link Config#bind} and {@link Config#checkSections}.
     *
     * @param file the TOML file; empty for none (defaults, environment and command line only)
     * @param cliOverrides {@code --set} and named-option values, later ones winning over earlier ones
     * @param env the environment, normally {@code System.getenv()}
     * @throws ConfigException when the file does not exist or cannot be read, or is not valid TOML (naming the
     *     file and line:column)
     */
    public static Config load(Optional<Path> file, List<ConfigOverride> cliOverrides, Map<String, String> env) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(cliOverrides, "cliOverrides");
        Objects.requireNonNull(env, "env");
        TomlParseResult root = null;
        String fileName = "";
        if (file.isPresent()) {
            Path path = file.get();
            root = parse(path);
            fileName = path.getFileName() == null ? path.toString() : path.getFileName().toString();
            LOG.debug("read configuration from {}", path);
        }
        Layers layers = new Layers(fileName, root, env, cliOverrides, KernelConfig.SPECS.keySet());
        return new Config(file, layers);
    }

    private static TomlParseResult parse(Path path) {
        if (!Files.exists(path)) {
            throw new ConfigException(null, "config file " + path + " does not exist (looked in "
                    + path.toAbsolutePath().getParent() + "); check the path, or leave it out to run on defaults");
        }
        TomlParseResult result;
        try {
            String text = Files.readString(path);
            TomlDepth.check(text, "config file " + path);
            result = Toml.parse(text);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException(null, "config file " + path + " is not UTF-8 text, as TOML must be", e);
        } catch (IOException e) {
            throw new ConfigException(null, "cannot read config file " + path + ": " + e.getMessage(), e);
        }
        if (result.hasErrors()) {
            TomlParseError first = result.errors().get(0);
            String more = result.errors().size() > 1 ? " (and " + (result.errors().size() - 1) + " more errors)" : "";
            throw new ConfigException(null, "syntax error in " + path + " at " + first.position().line() + ":"
                    + first.position().column() + ": " + first.getMessage() + more, first);
        }
        return result;
    }
}
