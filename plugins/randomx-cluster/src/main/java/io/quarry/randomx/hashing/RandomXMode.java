package io.quarry.randomx.hashing;

import java.util.Locale;

/**
 * How the engine hashes. Fast mode keeps the 2 GiB dataset in memory (about 2.3 GiB with the cache) and hashes
 * many times faster; light mode computes dataset items from the 256 MiB cache on the fly (RandomX README,
 * "Fast mode" / "Light mode"). Auto picks fast when the RAM limit and free memory allow it.
 */
public enum RandomXMode {
    /** Fast if {@link MemoryPlan} says the dataset fits, otherwise light. */
    AUTO,
    /** Full dataset in memory (RANDOMX_FLAG_FULL_MEM): mining. */
    FAST,
    /** Cache only: verification and low-memory nodes. */
    LIGHT;

    /** Parses {@code auto|fast|light}, case-insensitively. */
    public static RandomXMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mode must be auto, fast or light, was '" + value + "'", e);
        }
    }

    /** The lower-case name used in configuration and output. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
