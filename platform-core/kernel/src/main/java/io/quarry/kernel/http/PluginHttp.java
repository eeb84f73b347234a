package io.quarry.kernel.http;

import io.quarry.api.http.Http;
import io.quarry.api.http.HttpHandler;
import io.quarry.api.http.HttpListener;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.StreamingHttpHandler;
import io.quarry.api.http.WebSocketHandler;
import java.util.List;
import java.util.Objects;

/** One plugin's {@link Http}: its paths live under {@code /api/v1/<plugin-id>/}, its panel under {@code /plugins/<plugin-id>/}. */
final class PluginHttp implements Http {

    private final HttpRoutes routes;
    private final String pluginId;
    private final PluginListeners listeners;

    PluginHttp(HttpRoutes routes, String pluginId, PluginListeners listeners) {
        this.routes = routes;
        this.pluginId = pluginId;
        this.listeners = listeners;
    }

    @Override
    public HttpListener listener(java.net.InetSocketAddress address) {
        return listeners.open(pluginId, address);
    }

    @Override
    public void route(HttpMethod method, String path, Access access, HttpHandler handler) {
        routes.addRoute(pluginId, method, fullPath(path), access, handler);
    }

    @Override
    public void streamingRoute(HttpMethod method, String path, Access access, long maxBodyBytes,
                               StreamingHttpHandler handler) {
        Objects.requireNonNull(handler, "handler");
        routes.addRoute(pluginId, method, fullPath(path), access, new StreamingEndpoint(maxBodyBytes, handler));
    }

    @Override
    public void websocket(String path, Access access, WebSocketHandler.Factory handlers) {
        routes.addWebSocket(pluginId, fullPath(path), access, handlers);
    }

    @Override
    public void assets(ClassLoader loader, String resourceRoot) {
        routes.addMount(pluginId, List.of("plugins", pluginId), loader, resourceRoot);
    }

    @Override
    public void page(String title, String file) {
        routes.addPage(pluginId, List.of("plugins", pluginId), title, file);
    }

    private String fullPath(String path) {
        Objects.requireNonNull(path, "path");
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return relative.isEmpty() ? "/api/v1/" + pluginId : "/api/v1/" + pluginId + "/" + relative;
    }
}
