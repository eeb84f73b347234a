package io.quarry.testkit;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.miner.UnavailableMiner;

/** Starts, but its only miner cannot run here: the node must not call itself UP. */
public final class UnavailablePlugin implements QuarryPlugin {

    @Override
    public void init(NodeContext context) {
        context.miners().register(new UnavailableMiner("unavailable/gpu", "gpu",
                "libexample.so.1 not found; install the Debian package libexample1"));
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }
}
