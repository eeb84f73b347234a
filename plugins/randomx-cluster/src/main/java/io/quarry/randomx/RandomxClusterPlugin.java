package io.quarry.randomx;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.miner.UnavailableMiner;
import io.quarry.randomx.cli.RandomxCommand;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The randomx-cluster plugin (seed 002). So far it binds its configuration, offers the {@code quarry randomx}
 * verbs (hash, bench) and registers its miner as unavailable: the engine, the pool, solo and Stratum work
 * sources exist but are not wired into a running miner yet (issue #4).
 */
public final class RandomxClusterPlugin implements QuarryPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(RandomxClusterPlugin.class);

    /** Id of the miner this plugin registers. */
    public static final String MINER_ID = "randomx-cluster/local";

    private NodeContext context;
    private RandomxClusterConfig config;

    @Override
    public ConfigSpec<?> configSpec() {
        return RandomxClusterConfig.SPEC;
    }

    @Override
    public void init(NodeContext context) {
        this.context = context;
        this.config = context.config(RandomxClusterConfig.SPEC);
        context.miners().register(new UnavailableMiner(MINER_ID, "randomx", "not yet implemented (issue #4)"));
    }

    @Override
    public Optional<Object> command() {
        return Optional.of(new RandomxCommand());
    }

    @Override
    public void start() {
        LOG.info("randomx-cluster loaded with {}; mining is not implemented yet", config);
    }

    @Override
    public void stop() {
        if (context != null) {
            context.miners().unregister(MINER_ID);
        }
    }

    /** The bound configuration (null before init). */
    RandomxClusterConfig config() {
        return config;
    }
}
