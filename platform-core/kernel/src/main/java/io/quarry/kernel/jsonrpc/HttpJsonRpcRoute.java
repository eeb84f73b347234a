package io.quarry.kernel.jsonrpc;

import io.quarry.api.http.HttpHandler;
import io.quarry.api.http.HttpRequest;
import io.quarry.api.http.HttpResponse;
import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcHandler;
import io.quarry.api.jsonrpc.JsonRpcRoute;
import io.quarry.api.jsonrpc.JsonRpcSession;
import io.quarry.api.limit.RateVerdict;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 2.0 over HTTP POST: one request object per body, answered in the body (status codes in
 * {@link io.quarry.api.jsonrpc.JsonRpcServers#serveHttp}). The kernel's HTTP server has already read the body
 * (bounded by {@code http.max_body_bytes}) and runs this on a virtual thread, so the handler is called
 * directly. The rate is checked before the body is parsed, so a flood costs no parsing.
 */
final class HttpJsonRpcRoute implements HttpHandler, JsonRpcRoute {

    private static final Logger LOG = LoggerFactory.getLogger(HttpJsonRpcRoute.class);
    private static final String JSON = "application/json";

    private final RouteShared route;

    HttpJsonRpcRoute(RouteShared route) {
        this.route = Objects.requireNonNull(route, "route");
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        RateVerdict verdict = route.admit(request.remote());
        if (!verdict.allowed()) {
            return answer(429, route.codec().error(null, RouteShared.rateLimited(verdict)));
        }
        byte[] body = request.body();
        if (body.length > route.maxMessageBytes()) {
            route.metrics().error(RouteShared.TOO_LARGE);
            return answer(413, route.codec().error(null, new JsonRpcError(JsonRpcError.INVALID_REQUEST,
                    "Request of " + body.length + " bytes is over the limit of " + route.maxMessageBytes())));
        }
        return switch (StrictEnvelope.parse(body)) {
            case Incoming.Call call -> call(request, call);
            case Incoming.Malformed bad -> {
                route.metrics().error(bad.reason());
                LOG.debug("JSON-RPC route {}: bad request from {}: {}", route.name(), request.remote(),
                        bad.error().message());
                yield answer(400, route.codec().error(bad.id(), bad.error()));
            }
            case Incoming.Reply reply -> {
                route.metrics().error("unexpected_response");
                yield answer(400, route.codec().error(reply.id(), new JsonRpcError(JsonRpcError.INVALID_REQUEST,
                        "Invalid request: an answer, but this endpoint sends no requests")));
            }
        };
    }

    private HttpResponse call(HttpRequest http, Incoming.Call call) {
        HttpRouteSession session = new HttpRouteSession(route.nextSessionId(), http.remote());
        JsonRpcHandler handler;
        try {
            handler = Objects.requireNonNull(route.handlers().create(session), "handler factory returned null");
        } catch (RuntimeException e) {
            route.metrics().error("handler_failure");
            LOG.error("JSON-RPC route {}: the handler factory failed for {}", route.name(), session, e);
            return answer(500, route.codec().error(call.request().id(),
                    new JsonRpcError(JsonRpcError.INTERNAL_ERROR, "Internal error")));
        }
        try {
            byte[] answer = RequestDispatch.handle(route.name(), handler, session, call.request(), route.codec(),
                    route.metrics());
            return answer == null ? HttpResponse.noContent() : answer(200, answer);
        } finally {
            session.close();
            try {
                handler.onClose(session, "answered");
            } catch (RuntimeException e) {
                LOG.error("JSON-RPC route {}: onClose of {} failed", route.name(), session, e);
            }
        }
    }

    private static HttpResponse answer(int status, byte[] message) {
        return HttpResponse.bytes(status, JSON, message);
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
        return List.of();
    }

    @Override
    public int broadcast(String method, Object params) {
        return 0;
    }
}
