package io.quarry.fleet;

import io.quarry.api.config.ConfigSpec;


/**
 * The {@code [fleet-control]} table.
 *
 * @param role controller or worker.
 */
public record FleetControlConfig(
        String role) {

    /** controller or worker. */
    public static final String DEFAULT_ROLE = "worker";

    /** The table's shape and defaults. */
    public static final ConfigSpec<FleetControlConfig> SPEC = ConfigSpec.of(FleetControlConfig.class,
            new FleetControlConfig(DEFAULT_ROLE));
}
