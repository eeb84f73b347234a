package io.quarry.fleet;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.miner.UnavailableMiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet-control plugin. So far it binds its configuration and registers its miner as unavailable;
 * the miner itself is not built yet.
 */
public final class FleetControlPlugin implements QuarryPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(FleetControlPlugin.class);

    /** Id of the miner this plugin registers. */
    public static final String MINER_ID = "fleet-control/local";

    private NodeContext context;
    private FleetControlConfig config;

    @Override
    public ConfigSpec<?> configSpec() {
        return FleetControlConfig.SPEC;
    }

    @Override
    public void init(NodeContext context) {
        this.context = context;
        this.config = context.config(FleetControlConfig.SPEC);
        context.miners().register(new UnavailableMiner(MINER_ID, "fleet", "not yet implemented in this version"));
    }

    @Override
    public void start() {
        LOG.info("fleet-control loaded with {}; mining is not implemented yet", config);
    }

    @Override
    public void stop() {
        if (context != null) {
            context.miners().unregister(MINER_ID);
        }
    }

    /** The bound configuration (null before init). */
    FleetControlConfig config() {
        return config;
    }
}
