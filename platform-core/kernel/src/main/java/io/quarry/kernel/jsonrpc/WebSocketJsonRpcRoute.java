package io.quarry.kernel.jsonrpc;

import io.quarry.api.http.HttpRequest;
import io.quarry.api.http.WebSocketHandler;
import io.quarry.api.jsonrpc.JsonRpcRoute;
import io.quarry.api.jsonrpc.JsonRpcSession;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON-RPC 2.0 over WebSocket: one {@link WebSocketRouteSession} per connection, made by the kernel's HTTP server
 * on each upgrade. Connection counts, idle pings and message framing are the HTTP server's.
 */
final class WebSocketJsonRpcRoute implements WebSocketHandler.Factory, JsonRpcRoute {

    private final RouteShared route;
    private final Set<WebSocketRouteSession> sessions = ConcurrentHashMap.newKeySet();

    WebSocketJsonRpcRoute(RouteShared route) {
        this.route = Objects.requireNonNull(route, "route");
        route.metrics().connectionsGauge(sessions::size);
    }

    @Override
    public WebSocketHandler create(HttpRequest upgradeRequest) {
        return new WebSocketRouteSession(this, route);
    }

    void opened(WebSocketRouteSession session) {
        sessions.add(session);
    }

    void closed(WebSocketRouteSession session) {
        sessions.remove(session);
    }

    @Override
    public String name() {
        return route.name();
    }

    @Override
    public String path() {
        return route.path();
    }

    @Override
    public Collection<JsonRpcSession> sessions() {
        return List.copyOf(sessions);
    }

    @Override
    public int broadcast(String method, Object params) {
        byte[] message = route.codec().broadcast(method, params);
        int sent = 0;
        for (WebSocketRouteSession session : sessions) {
            if (session.send(message)) {
                sent++;
            }
        }
        return sent;
    }
}
