package io.quarry.kernel.http;

import io.quarry.api.http.Http.Access;
import io.quarry.api.http.HttpHandler;
import io.quarry.api.http.HttpListener;
import io.quarry.api.http.HttpMethod;
import java.net.InetSocketAddress;
import java.util.Objects;

/** A plugin's own port: a separate {@link HttpServer} whose routes sit at the root and are all open. */
final class PluginListener implements HttpListener {

    private final HttpServer server;
    private final String address;
    private final Runnable onClose;

    PluginListener(HttpServer server, InetSocketAddress address, Runnable onClose) {
        this.server = server;
        this.address = address.getHostString() + ":" + address.getPort();
        this.onClose = onClose;
    }

    @Override
    public void route(HttpMethod method, String path, HttpHandler handler) {
        Objects.requireNonNull(path, "path");
        server.route(method, path.startsWith("/") ? path : "/" + path, Access.OPEN, handler);
    }

    @Override
    public void start() {
        try {
            server.start();
        } catch (HttpServerException e) {
            // HttpServer's own message names http.listen, which is not the key of a plugin's port.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new HttpServerException("cannot listen on " + address + ": " + cause.getMessage(), e);
        }
    }

    @Override
    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
        onClose.run();
    }
}
