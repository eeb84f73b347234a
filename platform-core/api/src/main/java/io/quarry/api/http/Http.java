package io.quarry.api.http;

/**
 * One plugin's view of the node's HTTP port. Paths given here are relative to the plugin's prefix
 * {@code /api/v1/<plugin-id>/}: registering {@code "stats"} serves {@code /api/v1/<plugin-id>/stats}.
 * Path segments written {@code {name}} match one segment and are available from
 * {@link HttpRequest#pathParam(String)}.
 *
 * <p>Handlers run on virtual threads, never on a network event loop, so they may block.
 */
public interface Http {

    /** Serves {@code method path}; mutating methods (POST, PUT, PATCH, DELETE) need the API token. */
    default void route(HttpMethod method, String path, HttpHandler handler) {
        route(method, path, method.mutating() ? Access.TOKEN : Access.OPEN, handler);
    }

    /** Serves {@code method path} with explicit access control. */
    void route(HttpMethod method, String path, Access access, HttpHandler handler);

    /**
     * Serves {@code method path} with a body read as it arrives: the handler gets the request head and an
     * {@link java.io.InputStream} of the body, which may be up to {@code maxBodyBytes} (not bounded by
     * {@code http.max_body_bytes}); a larger body is refused with 413 and its connection closed. The node's
     * header deadline and minimum body rate still apply; the whole-request deadline does not, so a large body
     * may take as long as it needs at that rate.
     */
    void streamingRoute(HttpMethod method, String path, Access access, long maxBodyBytes, StreamingHttpHandler handler);

    /** Accepts WebSocket upgrades at {@code path}; each connection gets its own handler from the factory. */
    void websocket(String path, Access access, WebSocketHandler.Factory handlers);

    /**
     * Serves the resources under {@code resourceRoot} of {@code loader} as static files below
     * {@code /plugins/<plugin-id>/} (the plugin's dashboard panel). {@code index.html} answers the bare path.
     */
    void assets(ClassLoader loader, String resourceRoot);

    /**
     * Names one page of this plugin's panel for the dashboard's navigation: a link titled {@code title} to
     * {@code /plugins/<plugin-id>/<file>}. Call after {@link #assets}; pages are listed in the order named, in
     * {@code /health} (each plugin's {@code pages}) and in the dashboard's navigation bar. A plugin that names no
     * page is linked once, by its id, to its panel's {@code index.html}.
     *
     * @param title what the link says: 1 to 40 printable characters, unique within the plugin
     * @param file a file of the panel, relative to its resource root ({@code "nodes.html"})
     * @throws IllegalStateException if the plugin serves no assets
     * @throws IllegalArgumentException if the title is malformed or taken, or the panel has no such file
     */
    void page(String title, String file);

    /**
     * A second HTTP port owned by this plugin, bound to {@code address} when the listener is started (not
     * here: {@code init} opens no sockets). Port 0 picks a free port.
     */
    HttpListener listener(java.net.InetSocketAddress address);

    /** Who may call a route. */
    enum Access {
        /** Anyone who can reach the port. */
        OPEN,
        /** Callers presenting {@code Authorization: Bearer <api token>} (unless the operator disabled it on loopback). */
        TOKEN
    }
}
