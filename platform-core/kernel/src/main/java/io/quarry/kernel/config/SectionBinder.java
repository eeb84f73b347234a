package io.quarry.kernel.config;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.Env;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Binds one section: for each record component the highest of command line, environment, file and default
 * wins as a whole value (a table given on the command line replaces the file's table rather than merging).
 */
final class SectionBinder {

    private static final Logger LOG = LoggerFactory.getLogger(SectionBinder.class);

    /** A bound section and, per TOML key, where its value came from. */
    record Bound<R extends Record>(R value, Map<String, ValueSource> sources) {
    }

    private record Candidate(Object value, String raw, ValueSource source) {
    }

    private SectionBinder() {
    }

    static <R extends Record> Bound<R> bind(Layers layers, String section, ConfigSpec<R> spec) {
        RecordComponent[] components = spec.type().getRecordComponents();
        List<String> keys = Arrays.stream(components).map(c -> Keys.tomlKey(c.getName())).toList();
        TomlTable table = sectionTable(layers, section);
        checkUnknownKeys(layers, section, table, components, keys);

        Object[] args = new Object[components.length];
        Map<String, ValueSource> sources = new LinkedHashMap<>();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            String key = keys.get(i);
            String path = section + "." + key;
            Object fallback = Records.get(c, spec.defaults());
            Candidate candidate = fromCli(layers, section, key)
                    .or(() -> fromEnv(layers, section, key, c))
                    .or(() -> fromFile(layers, table, key))
                    .orElse(null);
            if (candidate == null) {
                args[i] = fallback;
                sources.put(key, ValueSource.DEFAULT);
            } else {
                args[i] = SecretValues.convert(c, candidate.value(), candidate.raw(), path, candidate.source(),
                        fallback);
                ValueConverter.checkRange(c, args[i], path, candidate.source());
                sources.put(key, candidate.source());
            }
        }
        R value = Records.construct(spec.type(), args, section,
                key -> key == null ? mostSpecific(sources) : sources.get(key));
        return new Bound<>(value, sources);
    }

    /** The section's table, null when the file has none. */
    static TomlTable sectionTable(Layers layers, String section) {
        if (layers.root() == null || !layers.root().contains(List.of(section))) {
            return null;
        }
        Object value = layers.root().get(List.of(section));
        if (value instanceof TomlTable table) {
            return table;
        }
        ValueSource at = ValueSource.file(layers.fileName(), layers.root().inputPositionOf(List.of(section)));
        throw new ConfigException(section, section + " must be a table ([" + section + "]), was "
                + TomlText.render(value) + " " + at.describe());
    }

    private static Optional<Candidate> fromCli(Layers layers, String section, String key) {
        Candidate found = null;
        // The last of several overrides of one key wins, as with most command lines.
        for (ConfigOverride o : layers.cli()) {
            if (o.section().equals(section) && o.name().equals(key)) {
                found = new Candidate(TomlLiteral.parse(o.rawValue()), o.rawValue(), ValueSource.cli(o.source()));
            }
        }
        return Optional.ofNullable(found);
    }

    private static Optional<Candidate> fromEnv(Layers layers, String section, String key, RecordComponent c) {
        List<String> names = new ArrayList<>();
        names.add(Keys.envName(section, key));
        Env seedNames = c.getAnnotation(Env.class);
        if (seedNames != null) {
            names.addAll(List.of(seedNames.value()));
        }
        for (String name : names) {
            String value = layers.env().get(name);
            if (value == null) {
                continue;
            }
            if (value.isEmpty()) {
                // Shared environments often carry "MINER_THREADS=" meaning "not set"; an empty string can
                // still be configured in the file or as --set key='""'.
                LOG.debug("ignoring empty environment variable {}", name);
                continue;
            }
            return Optional.of(new Candidate(TomlLiteral.parse(value), value, ValueSource.env(name)));
        }
        return Optional.empty();
    }

    private static Optional<Candidate> fromFile(Layers layers, TomlTable table, String key) {
        if (table == null || !table.contains(List.of(key))) {
            return Optional.empty();
        }
        ValueSource source = ValueSource.file(layers.fileName(), table.inputPositionOf(List.of(key)));
        return Optional.of(new Candidate(table.get(List.of(key)), null, source));
    }

    private static void checkUnknownKeys(Layers layers, String section, TomlTable table, RecordComponent[] components,
            List<String> keys) {
        if (table != null) {
            Optional<String> unknown = table.keySet().stream().filter(k -> !keys.contains(k))
                    .min(Comparator.comparingInt(k -> line(table.inputPositionOf(List.of(k)))));
            if (unknown.isPresent()) {
                String k = unknown.get();
                throw ValueConverter.unknownKey(section + "." + Keys.quoteIfNeeded(k),
                        ValueSource.file(layers.fileName(), table.inputPositionOf(List.of(k))), keys);
            }
        }
        for (ConfigOverride o : layers.cli()) {
            if (o.section().equals(section) && !keys.contains(o.name())) {
                throw ValueConverter.unknownKey(o.key(), ValueSource.cli(o.source()), keys);
            }
        }
        Set<String> envKeys = keys.stream().map(k -> k.toUpperCase(java.util.Locale.ROOT)).collect(Collectors.toSet());
        Set<String> seedNames = Arrays.stream(components).filter(c -> c.isAnnotationPresent(Env.class))
                .flatMap(c -> Arrays.stream(c.getAnnotation(Env.class).value())).collect(Collectors.toSet());
        String prefix = Keys.envPrefix(section);
        List<String> suspects = layers.env().keySet().stream()
                .filter(v -> v.startsWith(prefix) && v.length() > prefix.length() && !seedNames.contains(v))
                .sorted().toList();
        for (String variable : suspects) {
            // QUARRY_RANDOMX_CLUSTER_THREADS belongs to [randomx-cluster], not to a key cluster_threads of [randomx].
            String owner = layers.sectionOfEnv(variable);
            if (owner != null && !owner.equals(section)) {
                continue;
            }
            String rest = variable.substring(prefix.length());
            if (!envKeys.contains(rest)) {
                throw ValueConverter.unknownKey(section + "." + rest.toLowerCase(java.util.Locale.ROOT),
                        ValueSource.env(variable), keys);
            }
        }
    }

    /** For an error about the record as a whole: the highest-ranking source any of its values came from. */
    private static ValueSource mostSpecific(Map<String, ValueSource> sources) {
        return sources.values().stream().max(Comparator.comparingInt(s -> s.kind().ordinal()))
                .orElse(ValueSource.DEFAULT);
    }

    private static int line(TomlPosition position) {
        return position == null ? Integer.MAX_VALUE : position.line();
    }
}
