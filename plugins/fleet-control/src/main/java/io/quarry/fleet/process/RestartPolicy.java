package io.quarry.fleet.process;

import io.quarry.api.config.ConfigException;

/** When a supervised process that exited is started again. */
public enum RestartPolicy {
    /** Never: an exit is final until the next start. */
    NEVER,
    /** After a non-zero exit code. */
    ON_FAILURE,
    /** After any exit that was not asked for. */
    ALWAYS;

    /** Parses {@code never}, {@code on-failure} or {@code always}. */
    public static RestartPolicy parse(String text) {
        return switch (text) {
            case "never" -> NEVER;
            case "on-failure" -> ON_FAILURE;
            case "always" -> ALWAYS;
            default -> throw new ConfigException("restart", "restart must be never, on-failure or always, was '" + text + "'");
        };
    }

    /** Whether an unrequested exit with {@code exitCode} leads to a restart. */
    public boolean restartsAfter(int exitCode) {
        return this == ALWAYS || this == ON_FAILURE && exitCode != 0;
    }
}
