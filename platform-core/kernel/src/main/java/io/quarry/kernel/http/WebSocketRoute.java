package io.quarry.kernel.http;

import io.quarry.api.http.Http.Access;
import io.quarry.api.http.WebSocketHandler;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One registered WebSocket endpoint, with its open connections so they can be closed when the owner goes.
 *
 * @param template its full path
 * @param access who may connect
 * @param handlers makes one handler per connection
 * @param owner the plugin id that registered it, or {@link HttpRoutes#KERNEL}
 * @param sessions the connections open right now
 */
record WebSocketRoute(PathTemplate template, Access access, WebSocketHandler.Factory handlers, String owner,
                      Set<WebSocketConnection> sessions) {

    WebSocketRoute(PathTemplate template, Access access, WebSocketHandler.Factory handlers, String owner) {
        this(template, access, handlers, owner, ConcurrentHashMap.newKeySet());
    }

    /** A request path matched to this endpoint. */
    record Match(WebSocketRoute route, Map<String, String> params) {
    }
}
