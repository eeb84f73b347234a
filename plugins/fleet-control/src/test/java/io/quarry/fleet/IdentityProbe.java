package io.quarry.fleet;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;

/** A plugin that only keeps the context the kernel hands it, so a test can use the node's real services. */
public final class IdentityProbe implements QuarryPlugin {

    private volatile NodeContext context;

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

    /** The node's context. */
    public NodeContext context() {
        return context;
    }
}
