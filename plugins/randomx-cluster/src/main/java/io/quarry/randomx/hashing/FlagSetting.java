package io.quarry.randomx.hashing;

import java.util.Locale;

/** One overridable RandomX flag: as {@code randomx_get_flags} recommends, forced on, or forced off. */
public enum FlagSetting {
    /** Whatever randomx_get_flags recommends for this machine. */
    AUTO,
    /** Always set. */
    ON,
    /** Never set. */
    OFF;

    /** Parses {@code auto|on|off} (also true/false), case-insensitively. */
    public static FlagSetting parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "on", "true" -> ON;
            case "off", "false" -> OFF;
            default -> throw new IllegalArgumentException("must be auto, on or off, was '" + value + "'");
        };
    }

    /** {@code recommended} with {@code bit} set or cleared as this setting says. */
    int apply(int recommended, int bit) {
        return switch (this) {
            case AUTO -> recommended;
            case ON -> recommended | bit;
            case OFF -> recommended & ~bit;
        };
    }
}
