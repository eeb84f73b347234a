package io.quarry.poies;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.miner.UnavailableMiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poies-miner plugin (seed 001). So far it binds its configuration and registers its miner as unavailable;
 * the miner itself arrives with issue #5.
 */
public final class PoiesMinerPlugin implements QuarryPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(PoiesMinerPlugin.class);

    /** Id of the miner this plugin registers. */
    public static final String MINER_ID = "poies-miner/local";

    private NodeContext context;
    private PoiesMinerConfig config;

    @Override
    public ConfigSpec<?> configSpec() {
        return PoiesMinerConfig.SPEC;
    }

    @Override
    public void init(NodeContext context) {
        this.context = context;
        this.config = context.config(PoiesMinerConfig.SPEC);
        context.miners().register(new UnavailableMiner(MINER_ID, "poies", "not yet implemented (issue #5)"));
    }

    @Override
    public void start() {
        LOG.info("poies-miner loaded with {}; mining is not implemented yet", config);
    }

    @Override
    public void stop() {
        if (context != null) {
            context.miners().unregister(MINER_ID);
        }
    }

    /** The bound configuration (null before init). */
    PoiesMinerConfig config() {
        return config;
    }
}
