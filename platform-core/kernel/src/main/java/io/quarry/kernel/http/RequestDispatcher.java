package io.quarry.kernel.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarry.api.http.HttpException;
import io.quarry.api.http.HttpRequest;
import io.quarry.api.http.HttpResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one request into one response: resolves the route, checks access, runs the handler or reads the
 * asset, maps failures to JSON errors and records the timer. Runs on a handler thread, never an event loop;
 * stateless, so one instance serves the whole port.
 */
final class RequestDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

    private final HttpRoutes routes;
    private final AccessPolicy access;
    private final HttpMetrics metrics;

    RequestDispatcher(HttpRoutes routes, AccessPolicy access, HttpMetrics metrics) {
        this.routes = routes;
        this.access = access;
        this.metrics = metrics;
    }

    FullHttpResponse dispatch(IncomingRequest in) {
        String tag = HttpMetrics.UNMATCHED;
        FullHttpResponse response;
        try {
            switch (routes.resolve(in.method(), in.target())) {
                case Resolution.Endpoint(HttpRoute route, var params) -> {
                    tag = route.template().text();
                    response = invoke(route, in.toApi(HttpRoutes.parseMethod(in.method()), params));
                }
                case Resolution.Asset(AssetMount mount, String resource) -> {
                    Optional<FullHttpResponse> asset = asset(mount, resource);
                    tag = asset.isPresent() ? mount.tag() : HttpMetrics.UNMATCHED;
                    response = asset.orElseGet(() -> Responses.notFound(in.target().path()));
                }
                case Resolution.Redirect(String location) -> {
                    response = Responses.error(308, "moved", "location", location);
                    response.headers().set(HttpHeaderNames.LOCATION, location);
                }
                case Resolution.MethodNotAllowed(String template, var allowed) -> {
                    tag = template;
                    response = Responses.error(405, "method not allowed", "allowed", allowed);
                    response.headers().set(HttpHeaderNames.ALLOW, allowed.stream().map(Enum::name)
                            .collect(Collectors.joining(", ")));
                }
                case Resolution.UpgradeRequired(String template) -> {
                    tag = template;
                    response = Responses.error(426, "websocket upgrade required");
                    response.headers().set(HttpHeaderNames.UPGRADE, "websocket");
                }
                case Resolution.NotFound() -> response = Responses.notFound(in.target().path());
            }
        } catch (RuntimeException | Error e) {
            // Handler failures are mapped in invoke(); reaching here means the kernel itself broke.
            response = internalError(in, tag, e);
        }
        metrics.record(in.method(), tag, response.status().code(), in.startNanos());
        return response;
    }

    /** The routes this dispatcher resolves against. */
    HttpRoutes routes() {
        return routes;
    }

    /** Answers a request of a streaming route whose body arrives through {@code body}. */
    FullHttpResponse dispatchStream(IncomingRequest head, HttpRoute route, Map<String, String> params,
                                    StreamingEndpoint endpoint, java.io.InputStream body) {
        String tag = route.template().text();
        FullHttpResponse response;
        try {
            response = invoke(route, head.toApi(HttpRoutes.parseMethod(head.method()), params),
                    request -> endpoint.streaming().handle(request, body));
        } catch (RuntimeException | Error e) {
            response = internalError(head, tag, e);
        }
        metrics.record(head.method(), tag, response.status().code(), head.startNanos());
        return response;
    }

    private FullHttpResponse invoke(HttpRoute route, HttpRequest request) {
        return invoke(route, request, route.handler());
    }

    private FullHttpResponse invoke(HttpRoute route, HttpRequest request, io.quarry.api.http.HttpHandler handler) {
        if (!access.permits(route.access(), request, false)) {
            return Responses.unauthorized();
        }
        try {
            HttpResponse result = handler.handle(request);
            if (result == null) {
                throw new IllegalStateException("handler returned null instead of an HttpResponse");
            }
            return Responses.fromHandler(result);
        } catch (HttpException e) {
            int status = e.status() >= 400 && e.status() <= 599 ? e.status() : 500;
            return Responses.error(status, e.getMessage() == null ? "error" : e.getMessage());
        } catch (InterruptedException e) {
            // Only the node's shutdown interrupts handler threads; nothing went wrong in the handler.
            Thread.currentThread().interrupt();
            LOG.debug("{} {} interrupted", request.method(), route.template());
            return Responses.error(503, "shutting down");
        } catch (Throwable t) {
            String id = Responses.newErrorId();
            LOG.error("{} {} failed (error id {}, route owner {})", request.method(), route.template(), id,
                    route.owner().isEmpty() ? "kernel" : route.owner(), t);
            return Responses.error(500, "internal error", "id", id);
        }
    }

    private static Optional<FullHttpResponse> asset(AssetMount mount, String resource) {
        try {
            return mount.read(resource).map(bytes -> Responses.build(200, ContentTypes.forName(resource), bytes,
                    Responses.NO_CACHE));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read asset " + mount.root() + "/" + resource, e);
        }
    }

    private static FullHttpResponse internalError(IncomingRequest in, String tag, Throwable t) {
        String id = Responses.newErrorId();
        LOG.error("{} {} (route {}) failed inside the HTTP server (error id {})", in.method(), in.target().path(),
                tag, id, t);
        return Responses.error(500, "internal error", "id", id);
    }

    /** For callers outside dispatch (connection tasks) that must still answer with something. */
    FullHttpResponse internalError(IncomingRequest in, Throwable t) {
        FullHttpResponse response = internalError(in, HttpMetrics.UNMATCHED, t);
        metrics.record(in.method(), HttpMetrics.UNMATCHED, 500, in.startNanos());
        return response;
    }
}
