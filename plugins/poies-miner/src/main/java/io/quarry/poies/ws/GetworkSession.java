package io.quarry.poies.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.quarry.api.http.WebSocketHandler;
import io.quarry.api.http.WebSocketSession;
import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.limit.RateVerdict;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.model.SchemaException;
import io.quarry.poies.node.ShareSource;
import io.quarry.poies.node.ShareTarget;
import io.quarry.poies.node.SubmitResult;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket getwork connection. The kernel delivers its messages one at a time on a virtual thread; work
 * pushes arrive from the node's thread, so what both touch (the last template and target sent) is guarded by
 * this object's monitor. Messages are answered in arrival order, each with exactly one response when it has an
 * id and none when it is a notification (JSON-RPC 2.0 section 4.1), except that an unreadable message is
 * answered with a null id (section 5).
 */
final class GetworkSession implements WebSocketHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GetworkSession.class);

    private final GetworkEndpoint endpoint;
    private volatile WebSocketSession session;
    private String peer = "unknown";
    private ShareSource source;
    /** Handler thread only. */
    private int strikes;
    /** Set once on subscribe; read by pushes. */
    private volatile String subscription;
    /** Guarded by this. */
    private long pushedSequence = -1;
    /** Guarded by this. */
    private ShareTarget sentTarget;

    GetworkSession(GetworkEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void onOpen(WebSocketSession opened) {
        this.session = opened;
        this.peer = opened.remote().getAddress() != null ? opened.remote().getAddress().getHostAddress()
                : opened.remote().getHostString();
        this.source = new ShareSource(ShareSource.WS, peer);
        LOG.debug("WebSocket getwork {} opened from {}", opened.id(), peer);
    }

    @Override
    public void onText(WebSocketSession from, String text) {
        RpcMessage message;
        try {
            message = RpcCodec.read(text, GetworkEndpoint.MAX_MESSAGE_CHARS);
        } catch (RpcProtocolException e) {
            refuse(e, true);
            return;
        }
        if (!message.isCall()) {
            refuse(new RpcProtocolException(JsonRpcError.INVALID_REQUEST, "unexpected_response",
                    "Expected a request: this endpoint sends no requests, so it takes no responses", message.id()),
                    true);
            return;
        }
        boolean submit = isSubmit(message.method());
        RateVerdict verdict = endpoint.node().limiter().tryAcquire(peer);
        if (!verdict.allowed()) {
            if (submit) {
                endpoint.node().recordRejected(SubmitResult.RATE_LIMITED);
            }
            ObjectNode data = GetworkJson.rejectionData(SubmitResult.RATE_LIMITED);
            data.put("scope", verdict == RateVerdict.KEY_LIMITED ? "peer" : "global");
            answerError(message, JsonRpcError.RATE_LIMITED, verdict == RateVerdict.KEY_LIMITED
                    ? "Rate limited: this peer is over its request rate" : "Rate limited: the node is over its "
                    + "request rate", data);
            endpoint.error("rate_limited");
            strike();
            return;
        }
        try {
            if (GetworkJson.SUBSCRIBE.equals(message.method())) {
                subscribe(message);
            } else if (submit) {
                submit(message);
            } else {
                throw new RpcProtocolException(JsonRpcError.METHOD_NOT_FOUND, "method_not_found",
                        "Method not found: " + message.method() + " (this endpoint serves " + GetworkJson.SUBSCRIBE
                                + " and " + GetworkJson.SUBMIT_SHARE + ")", message.id());
            }
            strikes = 0;
        } catch (RpcProtocolException e) {
            refuse(e, message.expectsAnswer());
        }
    }

    @Override
    public void onClose(WebSocketSession closed) {
        endpoint.closed(this);
        LOG.debug("WebSocket getwork {} from {} closed", closed.id(), peer);
    }

    /** The connection, once open. */
    Optional<WebSocketSession> session() {
        return Optional.ofNullable(session);
    }

    /** Sends {@code push} unless a newer one went out already; the share target goes first when it changed. */
    synchronized void push(GetworkEndpoint.Push push) {
        if (subscription == null || push.sequence() <= pushedSequence) {
            return;
        }
        sendTargetIfChanged();
        if (send(push.text())) {
            pushedSequence = push.sequence();
            endpoint.pushed();
        }
    }

    private void subscribe(RpcMessage message) {
        JsonNode params = message.params();
        if (!params.isArray() || params.isEmpty()) {
            throw invalidParams("params must be [\"" + GetworkJson.TOPIC_NEW_WORK + "\"], found "
                    + RpcCodec.kind(params), message);
        }
        for (int i = 0; i < params.size(); i++) {
            JsonNode topic = params.get(i);
            if (!topic.isTextual() || !topic.textValue().equals(GetworkJson.TOPIC_NEW_WORK)) {
                throw invalidParams("params[" + i + "]: the only topic is \"" + GetworkJson.TOPIC_NEW_WORK
                        + "\", found " + (topic.isTextual() ? "another string" : RpcCodec.kind(topic)), message);
            }
        }
        if (subscription == null) {
            subscription = String.format("0x%016x", ThreadLocalRandom.current().nextLong());
            LOG.debug("WebSocket getwork {} from {} subscribed as {}", session.id(), peer, subscription);
        }
        if (message.expectsAnswer()) {
            send(RpcCodec.result(message.id(), TextNode.valueOf(subscription)));
        }
        synchronized (this) {
            // A repeated subscribe gets the current target and work again.
            pushedSequence = -1;
            sentTarget = null;
        }
        endpoint.subscribed(this);
        push(endpoint.latest());
    }

    private void submit(RpcMessage message) {
        JsonNode params = message.params();
        SubmitResult result;
        if (!params.isArray() || params.size() != 1 || !params.get(0).isObject()) {
            result = SubmitResult.rejected(SubmitResult.SCHEMA, "params must be [HashShare envelope] (one object), "
                    + "found " + (params.isArray() ? "an array of " + params.size() : RpcCodec.kind(params)));
            endpoint.node().recordRejected(SubmitResult.SCHEMA);
        } else {
            result = admit(params.get(0));
        }
        if (result.isAccepted()) {
            if (message.expectsAnswer()) {
                send(RpcCodec.result(message.id(), GetworkJson.submitResult(result)));
            }
        } else {
            answerError(message, SubmitResult.jsonRpcCode(result.reason()), result.message(),
                    GetworkJson.rejectionData(result.reason()));
        }
        synchronized (this) {
            if (subscription != null) {
                sendTargetIfChanged();
            }
        }
    }

    private SubmitResult admit(JsonNode envelopeTree) {
        ProofEnvelope envelope;
        try {
            envelope = PoiesJson.envelopeFromTree(envelopeTree);
        } catch (SchemaException e) {
            endpoint.node().recordRejected(SubmitResult.SCHEMA);
            return SubmitResult.rejected(SubmitResult.SCHEMA, "Not a HashShare envelope: " + e.getMessage());
        }
        return endpoint.node().submitShare(envelope, source);
    }

    /** Caller holds the monitor. */
    private void sendTargetIfChanged() {
        ShareTarget target = endpoint.node().shareTarget(source);
        if (!target.equals(sentTarget)) {
            if (send(RpcCodec.notification(GetworkJson.SHARE_TARGET,
                    RpcCodec.NODES.arrayNode(1).add(GetworkJson.shareTarget(target))))) {
                sentTarget = target;
            }
        }
    }

    private void refuse(RpcProtocolException e, boolean answer) {
        endpoint.error(e.reason());
        LOG.debug("WebSocket getwork {} from {}: {}", session == null ? "?" : session.id(), peer, e.getMessage());
        if (answer) {
            send(RpcCodec.error(e.id(), e.code(), e.getMessage(), null));
        }
        strike();
    }

    private void strike() {
        if (++strikes >= GetworkEndpoint.MAX_STRIKES) {
            endpoint.error("too_many_strikes");
            LOG.debug("WebSocket getwork {} from {}: {} bad messages in a row, closing", session.id(), peer,
                    strikes);
            session.close();
        }
    }

    private void answerError(RpcMessage message, int code, String text, JsonNode data) {
        if (message.expectsAnswer()) {
            send(RpcCodec.error(message.id(), code, text, data));
        }
    }

    /** Sends, closing a connection whose send buffer is full: a miner that cannot take work is of no use. */
    private boolean send(String text) {
        WebSocketSession s = session;
        if (s.send(text)) {
            return true;
        }
        if (s.isOpen()) {
            endpoint.error("slow_consumer");
            LOG.debug("WebSocket getwork {} from {} is not reading; closing", s.id(), peer);
            s.close();
        }
        return false;
    }

    private static boolean isSubmit(String method) {
        return GetworkJson.SUBMIT_SHARE.equals(method) || GetworkJson.SUBMIT_SHARE_DOTTED.equals(method);
    }

    private static RpcProtocolException invalidParams(String text, RpcMessage message) {
        return new RpcProtocolException(JsonRpcError.INVALID_PARAMS, "invalid_params", text, message.id());
    }
}
