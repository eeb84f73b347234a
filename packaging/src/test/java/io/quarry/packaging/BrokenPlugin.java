package io.quarry.packaging;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;

/** A third-party plugin whose start always throws, to prove the node carries on without it. */
public final class BrokenPlugin implements QuarryPlugin {

    @Override
    public void init(NodeContext context) {
    }

    @Override
    public void start() {
        throw new IllegalStateException("cannot reach the imaginary GPU");
    }

    @Override
    public void stop() {
    }
}
