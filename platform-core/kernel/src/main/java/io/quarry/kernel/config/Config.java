package io.quarry.kernel.config;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.Secret;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tomlj.TomlPosition;

/**
 * The node's configuration as loaded by {@link ConfigLoader}: the TOML file, the environment and the command
 * line, not yet bound. Immutable; sections are bound on demand, each to its own record.
 *
 * <p>Precedence, highest first: command line ({@code --set section.key=value} and named options), environment
 * ({@code QUARRY_<SECTION>_<KEY>} with the section upper-cased and '-' as '_', then the names a component
 * declares with {@link io.quarry.api.config.Env}), the file, the spec's defaults. The winner replaces lower
 * layers as a whole value; a nested table that leaves keys out gets them from the defaults.
 *
 * <p>Relative paths are returned as written; resolving them is the caller's business.
 */
public final class Config {

    private static final Logger LOG = LoggerFactory.getLogger(Config.class);

    private final Optional<Path> file;
    private final Layers layers;

    Config(Optional<Path> file, Layers layers) {
        this.file = Objects.requireNonNull(file, "file");
        this.layers = Objects.requireNonNull(layers, "layers");
    }

    /** A configuration with no file, no environment and no overrides: every section binds to its defaults. */
    public static Config empty() {
        return ConfigLoader.load(Optional.empty(), List.of(), Map.of());
    }

    /** The file this configuration was read from, if any. */
    public Optional<Path> file() {
        return file;
    }

    /**
     * Binds one section (defaults, then file, then environment, then command line) to its record.
     *
     * @throws ConfigException naming the key and where the value came from, when a key is unknown, a value has
     *     the wrong type or is out of its {@link io.quarry.api.config.Range}, or the record's constructor
     *     rejects it
     */
    public <R extends Record> R bind(String section, ConfigSpec<R> spec) {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(spec, "spec");
        return SectionBinder.bind(layers, section, spec).value();
    }

    /**
     * Binds one section as {@link #bind} does, with {@code overlay} (keys of that section in TOML form and plain
     * Java values: strings, numbers, booleans, lists, maps) ranking above every other source. The configuration
     * itself is unchanged. Errors name the key as {@code section.key} and {@code source} as where it came from.
     */
    public <R extends Record> R bindWith(String section, ConfigSpec<R> spec, Map<String, ?> overlay, String source) {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(overlay, "overlay");
        Objects.requireNonNull(source, "source");
        List<ConfigOverride> cli = new java.util.ArrayList<>(layers.cli());
        overlay.forEach((key, value) -> cli.add(new ConfigOverride(section + "." + key, TomlText.render(value), source)));
        Layers layered = new Layers(layers.fileName(), layers.root(), layers.env(), cli, layers.sectionHints());
        return SectionBinder.bind(layered, section, spec).value();
    }

    /**
     * Fails on any file table or command-line section not in {@code knownSections}. Environment variables
     * starting with {@code QUARRY_} that match no known section are ignored (logged at DEBUG): the environment
     * is shared with other tools. Those that match a known section but no key fail when that section binds.
     */
    public void checkSections(Set<String> knownSections) {
        Objects.requireNonNull(knownSections, "knownSections");
        String known = String.join(", ", knownSections);
        if (layers.root() != null) {
            Optional<String> unknown = layers.root().keySet().stream().filter(s -> !knownSections.contains(s))
                    .min(Comparator.comparingInt(s -> line(layers.root().inputPositionOf(List.of(s)))));
            if (unknown.isPresent()) {
                ValueSource at = ValueSource.file(layers.fileName(),
                        layers.root().inputPositionOf(List.of(unknown.get())));
                throw new ConfigException(unknown.get(), "unknown section [" + unknown.get() + "] " + at.describe()
                        + "; known sections: " + known);
            }
            knownSections.forEach(s -> SectionBinder.sectionTable(layers, s));
        }
        for (ConfigOverride o : layers.cli()) {
            if (!knownSections.contains(o.section())) {
                throw new ConfigException(o.key(), "unknown section [" + o.section() + "] in " + o.key() + " "
                        + ValueSource.cli(o.source()).describe() + "; known sections: " + known);
            }
        }
        Layers knowing = layers.withSections(knownSections);
        layers.env().keySet().stream().filter(v -> v.startsWith("QUARRY_")).sorted().forEach(v -> {
            String section = knowing.sectionOfEnv(v);
            if (section == null || !knownSections.contains(section)) {
                LOG.debug("ignoring environment variable {}: it names none of the sections {}", v, known);
            }
        });
    }

    /**
     * {@link #checkSections} and then a copy that also uses {@code knownSections} to tell which section an
     * environment variable belongs to ({@code QUARRY_HTTP_PROXY_PORT} is {@code [http-proxy]}'s, not an unknown
     * key of {@code [http]}). Kernel sections, file tables and command-line sections are always known.
     */
    public Config withSections(Set<String> knownSections) {
        checkSections(knownSections);
        return new Config(file, layers.withSections(knownSections));
    }

    /**
     * Every key of every given section, bound, with where its value came from; secrets masked. For the HTTP
     * view of the configuration.
     */
    public List<ConfigEntry> entries(Map<String, ? extends ConfigSpec<?>> specsBySection) {
        List<ConfigEntry> out = new ArrayList<>();
        specsBySection.forEach((section, spec) -> out.addAll(entries(section, spec)));
        return List.copyOf(out);
    }

    /**
     * The effective configuration as TOML: every key of every given section, each followed by a comment naming
     * its source ({@code threads = 4  # env QUARRY_RANDOMX_CLUSTER_THREADS}); secrets print as
     * {@code "********"}.
     */
    public String show(Map<String, ? extends ConfigSpec<?>> specsBySection) {
        StringBuilder out = new StringBuilder();
        out.append("# Effective configuration").append(file.map(f -> " (file " + f + ")").orElse(" (no file)"))
                .append(". Each value's source follows '#'.\n");
        specsBySection.forEach((section, spec) -> {
            List<String[]> lines = new ArrayList<>();
            for (ConfigEntry e : entries(section, spec)) {
                String key = e.key().substring(section.length() + 1);
                lines.add(new String[] {key + " = " + TomlText.render(e.value()), e.source()});
            }
            out.append('\n').append('[').append(Keys.quoteIfNeeded(section)).append("]\n");
            int width = lines.stream().mapToInt(l -> l[0].length()).max().orElse(0);
            for (String[] line : lines) {
                out.append(line[0]).append(" ".repeat(width - line[0].length())).append("  # ").append(line[1])
                        .append('\n');
            }
        });
        return out.toString();
    }

    /**
     * Whether the effective value of {@code section.key} came from the file, so that a relative path in it can
     * be taken relative to the file rather than to the working directory.
     */
    public boolean isFromFile(String section, ConfigSpec<?> spec, String key) {
        ValueSource source = SectionBinder.bind(layers, section, spec).sources().get(key);
        return source != null && source.kind() == ValueSource.Kind.FILE;
    }

    private List<ConfigEntry> entries(String section, ConfigSpec<?> spec) {
        SectionBinder.Bound<?> bound = SectionBinder.bind(layers, section, spec);
        List<ConfigEntry> out = new ArrayList<>();
        for (RecordComponent c : spec.type().getRecordComponents()) {
            String key = Keys.tomlKey(c.getName());
            Object value = PlainValues.of(Records.get(c, bound.value()), c.isAnnotationPresent(Secret.class));
            out.add(new ConfigEntry(section + "." + key, value, bound.sources().get(key).comment()));
        }
        return out;
    }

    private static int line(TomlPosition position) {
        return position == null ? Integer.MAX_VALUE : position.line();
    }
}
