package io.quarry.api.http;

import java.net.InetSocketAddress;

/**
 * A plugin's own HTTP port, beside the node's one (for example a public API that outside clients call).
 * Routes registered here are served at the root of that port ({@code "health"} answers {@code /health}),
 * open to anyone who can reach it: the API token does not apply, so handlers authenticate callers themselves.
 * The same request, body and connection limits as the node's port apply ({@code [http]}).
 *
 * <p>Routes may be registered before or after {@link #start()}. The kernel closes the listener when the
 * plugin stops, so {@link #close()} is optional and harmless to call twice.
 */
public interface HttpListener extends AutoCloseable {

    /** Serves {@code method path} at the root of this port; {@code {name}} segments are path parameters. */
    void route(HttpMethod method, String path, HttpHandler handler);

    /**
     * Binds the port.
     *
     * @throws IllegalStateException when already started or closed
     * @throws RuntimeException with a message saying what to do when the address cannot be bound
     */
    void start();

    /** The bound address (the real port when 0 was asked for). */
    InetSocketAddress address();

    /** Stops accepting and hangs up on every client. */
    @Override
    void close();
}
