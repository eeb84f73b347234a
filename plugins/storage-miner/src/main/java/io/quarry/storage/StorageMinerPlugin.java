package io.quarry.storage;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.miner.UnavailableMiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage-miner plugin. So far it binds its configuration and registers its miner as unavailable;
 * the miner itself is not built yet.
 */
public final class StorageMinerPlugin implements QuarryPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(StorageMinerPlugin.class);

    /** Id of the miner this plugin registers. */
    public static final String MINER_ID = "storage-miner/local";

    private NodeContext context;
    private StorageMinerConfig config;

    @Override
    public ConfigSpec<?> configSpec() {
        return StorageMinerConfig.SPEC;
    }

    @Override
    public void init(NodeContext context) {
        this.context = context;
        this.config = context.config(StorageMinerConfig.SPEC);
        context.miners().register(new UnavailableMiner(MINER_ID, "storage", "not yet implemented in this version"));
    }

    @Override
    public void start() {
        LOG.info("storage-miner loaded with {}; mining is not implemented yet", config);
    }

    @Override
    public void stop() {
        if (context != null) {
            context.miners().unregister(MINER_ID);
        }
    }

    /** The bound configuration (null before init). */
    StorageMinerConfig config() {
        return config;
    }
}
