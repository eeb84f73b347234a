package io.quarry.fleet.node;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a node does in the fleet. */
public enum FleetRole {
    /** Sends commands to workers; takes none. */
    CONTROLLER,
    /** Takes commands from its registered controllers and runs miners. */
    WORKER,
    /** Both: drives remote workers and takes commands for its own miners. */
    DUAL;

    /** Whether this role sends commands to peers. */
    public boolean controls() {
        return this != WORKER;
    }

    /** Whether this role takes commands from controllers. */
    public boolean works() {
        return this != CONTROLLER;
    }

    /** The lowercase name used in config, the API and the CLI. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code controller}, {@code worker} or {@code dual}. */
    @JsonCreator
    public static FleetRole parse(String text) {
        for (FleetRole role : values()) {
            if (role.label().equals(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be controller, worker or dual, was '" + text + "'");
    }
}
