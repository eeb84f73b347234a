package io.quarry.testkit;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;

/** Registers a route in init and then fails to start: its route must disappear, the node must carry on. */
public final class FailingPlugin implements QuarryPlugin {

    @Override
    public void init(NodeContext context) {
        context.http().route(HttpMethod.GET, "alive", request -> HttpResponse.ok("yes"));
    }

    @Override
    public void start() {
        throw new IllegalStateException("no device");
    }

    @Override
    public void stop() {
    }
}
