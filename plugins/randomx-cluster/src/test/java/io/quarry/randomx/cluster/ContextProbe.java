package io.quarry.randomx.cluster;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;

/** A plugin that only keeps the context the kernel hands it, so a test can use the node's real services. */
final class ContextProbe implements QuarryPlugin {

    volatile NodeContext context;

    @Override
    public void init(NodeContext given) {
        this.context = given;
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }
}
