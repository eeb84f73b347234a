package io.quarry.api.config;

import java.util.Optional;

/**
 * A configuration value that cannot be used. The message names the key (for example
 * {@code storage-miner.max_storage_gb}) and, when the value came from a file, the file and line.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /** A problem with {@code key} (dotted, section first; may be null for whole-file problems). */
    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    public ConfigException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The dotted key the problem is about, when there is one. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
