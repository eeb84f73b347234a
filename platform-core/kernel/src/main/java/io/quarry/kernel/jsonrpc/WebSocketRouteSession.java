package io.quarry.kernel.jsonrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarry.api.http.WebSocketHandler;
import io.quarry.api.http.WebSocketSession;
import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcHandler;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import io.quarry.api.jsonrpc.JsonRpcSession;
import io.quarry.api.limit.RateVerdict;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection of a JSON-RPC route: the kernel's HTTP server delivers its messages one at a time on
 * a virtual thread, so requests are handled in arrival order right here; pushes ({@link #notify}) may come from
 * any thread. Bad messages count as strikes, and a client that stops reading is closed.
 */
final class WebSocketRouteSession implements WebSocketHandler, JsonRpcSession {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketRouteSession.class);

    private final WebSocketJsonRpcRoute owner;
    private final RouteShared route;
    private final String id;
    private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();
    private volatile WebSocketSession socket;
    private volatile boolean closing;
    /** Handler thread only. */
    private JsonRpcHandler handler;
    /** Handler thread only. */
    private int strikes;

    WebSocketRouteSession(WebSocketJsonRpcRoute owner, RouteShared route) {
        this.owner = owner;
        this.route = route;
        this.id = route.nextSessionId();
    }

    @Override
    public void onOpen(WebSocketSession session) {
        this.socket = session;
        try {
            handler = Objects.requireNonNull(route.handlers().create(this), "handler factory returned null");
        } catch (RuntimeException e) {
            route.metrics().error("handler_failure");
            LOG.error("JSON-RPC route {}: the handler factory failed for {}; closing it", route.name(), this, e);
            closeNow();
            return;
        }
        owner.opened(this);
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        if (handler == null || closing) {
            return;
        }
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        if (message.length > route.maxMessageBytes()) {
            refuse(RouteShared.TOO_LARGE, new JsonRpcError(JsonRpcError.INVALID_REQUEST, "Message of "
                    + message.length + " bytes is over the limit of " + route.maxMessageBytes()), null);
            return;
        }
        switch (StrictEnvelope.parse(message)) {
            case Incoming.Call call -> admit(call.request());
            case Incoming.Malformed bad -> refuse(bad.reason(), bad.error(), bad.id());
            // This endpoint sends no requests, so an answer is a confused client; it gets no answer back, so two
            // confused peers cannot keep answering each other.
            case Incoming.Reply reply -> refuse("unexpected_response", null, null);
        }
    }

    private void admit(JsonRpcRequest request) {
        RateVerdict verdict = route.admit(remote());
        if (!verdict.allowed()) {
            if (!request.isNotification()) {
                send(route.codec().error(request.id(), RouteShared.rateLimited(verdict)));
            }
            try {
                handler.onRateLimited(this, request);
            } catch (RuntimeException e) {
                LOG.error("JSON-RPC route {}: onRateLimited of {} failed", route.name(), this, e);
            }
            strike(RouteShared.RATE_LIMITED);
            return;
        }
        strikes = 0;
        byte[] answer = RequestDispatch.handle(route.name(), handler, this, request, route.codec(), route.metrics());
        if (answer != null) {
            send(answer);
            try {
                handler.onAnswered(this, request);
            } catch (RuntimeException e) {
                route.metrics().error("handler_failure");
                LOG.error("JSON-RPC route {}: onAnswered of {} for {} failed", route.name(), this, request.method(),
                        e);
            }
        }
    }

    private void refuse(String reason, JsonRpcError answer, Object requestId) {
        route.metrics().error(reason);
        LOG.debug("JSON-RPC route {}: {} from {} sent a bad message: {}", route.name(), id, remote(),
                answer == null ? reason : answer.message());
        if (answer != null) {
            send(route.codec().error(requestId, answer));
        }
        strike(reason);
    }

    private void strike(String reason) {
        if (++strikes >= route.settings().limits().maxStrikes()) {
            route.metrics().error("too_many_strikes");
            LOG.debug("JSON-RPC route {}: {} from {}: {} bad messages in a row (last: {}), closing", route.name(), id,
                    remote(), strikes, reason);
            close();
        }
    }

    @Override
    public void onClose(WebSocketSession session) {
        owner.closed(this);
        JsonRpcHandler h = handler;
        if (h != null) {
            try {
                h.onClose(this, closing ? "closed by server" : "closed by peer");
            } catch (RuntimeException e) {
                LOG.error("JSON-RPC route {}: onClose of {} failed", route.name(), this, e);
            }
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InetSocketAddress remote() {
        return socket.remote();
    }

    @Override
    public ConcurrentMap<String, Object> attributes() {
        return attributes;
    }

    @Override
    public boolean notify(String method, Object params) {
        try {
            return send(route.codec().notification(method, params));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("params of notification " + method + " cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Sends one message. A client whose send buffer is full is not reading: it is closed rather than buffered
     * for ever.
     */
    boolean send(byte[] message) {
        WebSocketSession s = socket;
        if (closing || s == null) {
            return false;
        }
        if (s.send(RouteShared.text(message))) {
            return true;
        }
        if (s.isOpen()) {
            route.metrics().error("slow_consumer");
            LOG.debug("JSON-RPC route {}: {} from {} is not reading; closing", route.name(), id, remote());
            closeNow();
        }
        return false;
    }

    @Override
    public boolean isOpen() {
        WebSocketSession s = socket;
        return !closing && s != null && s.isOpen();
    }

    @Override
    public void close() {
        closeNow();
    }

    private void closeNow() {
        closing = true;
        WebSocketSession s = socket;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public String toString() {
        return id + " " + (socket == null ? "?" : socket.remote());
    }
}
