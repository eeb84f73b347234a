package io.quarry.fleet.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a deploy bundle carries; each type is installed into its own directory on the worker. */
public enum BundleType {
    /** Miner profiles: {@code profiles/<name>.json}, each a JSON object of a plugin's keys. */
    PROFILE,
    /** A miner program and its files. */
    MINER,
    /** Anything: profiles and programs together. */
    FULL;

    /** The lowercase name on the wire and on disk. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code profile}, {@code miner} or {@code full}. */
    @JsonCreator
    public static BundleType parse(String text) {
        for (BundleType t : values()) {
            if (t.label().equals(text)) {
                return t;
            }
        }
        throw new IllegalArgumentException("bundle type must be profile, miner or full, was '" + text + "'");
    }
}
