package io.quarry.kernel.config;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.Range;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code [log]} table.
 *
 * @param format {@code text} (one human-readable line per event) or {@code json} (one JSON object per line)
 * @param levels per-component levels: a logger name prefix to a level, e.g.
 *     {@code { "io.quarry.transport" = "debug" }}
 * @param level the level of every logger {@code levels} does not name
 * @param file whether to also write {@code <data_dir>/logs/quarry.log}, rolled daily and by size
 * @param maxFileSizeMb the size at which the log file rolls over
 * @param maxHistory days of rolled files kept; their total size is also capped at
 *     {@code max_file_size_mb * max_history}
 */
public record LogConfig(String format, Map<String, String> levels, String level, boolean file,
        @Range(min = 1) int maxFileSizeMb, @Range(min = 1) int maxHistory) {

    /** The level names accepted, case-insensitive. */
    public static final List<String> LEVEL_NAMES = List.of("trace", "debug", "info", "warn", "error", "off");

    /** The table's name in {@code quarry.toml}. */
    public static final String SECTION = "log";
    /** Human-readable lines. */
    public static final String DEFAULT_FORMAT = "text";
    /** No per-component levels. */
    public static final Map<String, String> DEFAULT_LEVELS = Map.of();
    /** INFO: lifecycle and what an operator must see. */
    public static final String DEFAULT_LEVEL = "info";
    /** A log file under the data directory. */
    public static final boolean DEFAULT_FILE = true;
    /** 50 MB per file. */
    public static final int DEFAULT_MAX_FILE_SIZE_MB = 50;
    /** A week of rolled files. */
    public static final int DEFAULT_MAX_HISTORY = 7;

    /** The table's shape and defaults. */
    public static final ConfigSpec<LogConfig> SPEC = ConfigSpec.of(LogConfig.class, new LogConfig(DEFAULT_FORMAT,
            DEFAULT_LEVELS, DEFAULT_LEVEL, DEFAULT_FILE, DEFAULT_MAX_FILE_SIZE_MB, DEFAULT_MAX_HISTORY));

    public LogConfig {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(levels, "levels");
        Objects.requireNonNull(level, "level");
        format = format.toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigException("log.format", "log.format must be \"text\" or \"json\", was \"" + format + "\"");
        }
        level = checkLevel("log.level", level);
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : levels.entrySet()) {
            if (e.getKey().isBlank()) {
                throw new ConfigException("log.levels", "log.levels must not have an empty logger name");
            }
            copy.put(e.getKey(), checkLevel("log.levels", e.getValue()));
        }
        levels = Collections.unmodifiableMap(copy);
    }

    /** True when the events are written as JSON lines. */
    public boolean json() {
        return format.equals("json");
    }

    private static String checkLevel(String key, String value) {
        String lower = Objects.requireNonNull(value, key).toLowerCase(Locale.ROOT);
        if (!LEVEL_NAMES.contains(lower)) {
            throw new ConfigException(key, key + " must be one of " + String.join(", ", LEVEL_NAMES) + ", was \""
                    + value + "\"");
        }
        return lower;
    }
}
