package io.quarry.testkit;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;

/**
 * A plugin that does nothing but keep the {@link NodeContext} its node gave it, so a test reaches the node's
 * services (JSON-RPC, transport, miners) as a plugin would: {@code TestNode.builder(dir).plugin("probe", () -> probe)}.
 */
public final class ContextProbe implements QuarryPlugin {

    private volatile NodeContext context;

    @Override
    public void init(NodeContext given) {
        context = given;
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    /** The context the node gave this plugin. */
    public NodeContext context() {
        NodeContext given = context;
        if (given == null) {
            throw new IllegalStateException("the probe's node has not initialised it yet");
        }
        return given;
    }
}
