package io.quarry.packaging;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import java.util.Map;

/** A third-party plugin for the end-to-end tests: answers GET /api/v1/echo/ping. */
public final class EchoPlugin implements QuarryPlugin {

    @Override
    public void init(NodeContext context) {
        context.http().route(HttpMethod.GET, "ping", request -> HttpResponse.ok(Map.of("pong", context.pluginId(),
                "loader", EchoPlugin.class.getClassLoader().getClass().getSimpleName())));
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }
}
