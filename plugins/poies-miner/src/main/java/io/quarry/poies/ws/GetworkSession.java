package io.quarry.poies.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcHandler;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import io.quarry.api.jsonrpc.JsonRpcSession;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.model.SchemaException;
import io.quarry.poies.node.RateLimits;
import io.quarry.poies.node.ShareSource;
import io.quarry.poies.node.SubmitResult;
import io.quarry.poies.target.ShareTarget;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket getwork connection, on the kernel's JSON-RPC WebSocket carrier: requests arrive one at a time in
 * order; work pushes arrive from the node's thread, so what both touch (the last template and target sent) is
 * guarded by this object's monitor. The kernel answers what is not a JSON-RPC 2.0 request and what is over the
 * rate; this class serves the two methods.
 */
final class GetworkSession implements JsonRpcHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GetworkSession.class);

    private final GetworkEndpoint endpoint;
    private final JsonRpcSession session;
    private final String peer;
    private final ShareSource source;
    /** Set once on subscribe; read by pushes. */
    private volatile String subscription;
    /** Guarded by this. */
    private long pushedSequence = -1;
    /** Guarded by this. */
    private ShareTarget sentTarget;

    GetworkSession(GetworkEndpoint endpoint, JsonRpcSession session) {
        this.endpoint = endpoint;
        this.session = session;
        this.peer = RateLimits.peer(session);
        this.source = new ShareSource(ShareSource.WS, peer);
        LOG.debug("WebSocket getwork {} opened from {}", session.id(), peer);
    }

    @Override
    public Object onRequest(JsonRpcSession from, JsonRpcRequest request) {
        if (GetworkJson.SUBSCRIBE.equals(request.method())) {
            return subscribe(request);
        }
        if (isSubmit(request.method())) {
            return submit(request);
        }
        throw new JsonRpcException(JsonRpcError.METHOD_NOT_FOUND, "Method not found: " + request.method()
                + " (this endpoint serves " + GetworkJson.SUBSCRIBE + " and " + GetworkJson.SUBMIT_SHARE + ")");
    }

    /** A notification runs like a request; its answer (or error) is dropped, as JSON-RPC 2.0 section 4.1 says. */
    @Override
    public void onNotification(JsonRpcSession from, JsonRpcRequest notification) {
        try {
            onRequest(from, notification);
        } finally {
            afterAnswer(notification);
        }
    }

    /**
     * The answer went out: after a subscription id, the target and the current work, in that order; after a
     * submit, the target when the node retuned it.
     */
    @Override
    public void onAnswered(JsonRpcSession from, JsonRpcRequest request) {
        afterAnswer(request);
    }

    private void afterAnswer(JsonRpcRequest request) {
        if (GetworkJson.SUBSCRIBE.equals(request.method())) {
            pushAfterSubscribe();
        } else if (isSubmit(request.method())) {
            synchronized (this) {
                if (subscription != null) {
                    sendTargetIfChanged();
                }
            }
        }
    }

    @Override
    public void onRateLimited(JsonRpcSession from, JsonRpcRequest refused) {
        if (isSubmit(refused.method())) {
            endpoint.node().recordRejected(SubmitResult.RATE_LIMITED);
        }
    }

    @Override
    public void onClose(JsonRpcSession closed, String reason) {
        endpoint.closed(this);
        LOG.debug("WebSocket getwork {} from {} closed: {}", closed.id(), peer, reason);
    }

    /** The connection. */
    JsonRpcSession session() {
        return session;
    }

    /** Sends {@code push} unless a newer one went out already; the share target goes first when it changed. */
    synchronized void push(GetworkEndpoint.Push push) {
        if (subscription == null || push.sequence() <= pushedSequence) {
            return;
        }
        sendTargetIfChanged();
        if (session.notify(GetworkJson.NEW_WORK, push.params())) {
            pushedSequence = push.sequence();
            endpoint.pushed();
        }
    }

    private String subscribe(JsonRpcRequest request) {
        JsonNode params = PoiesJson.treeFromPlain(request.params().value());
        if (params == null || !params.isArray() || params.isEmpty()) {
            throw invalidParams("params must be [\"" + GetworkJson.TOPIC_NEW_WORK + "\"], found "
                    + GetworkJson.kind(params));
        }
        for (int i = 0; i < params.size(); i++) {
            JsonNode topic = params.get(i);
            if (!topic.isTextual() || !topic.textValue().equals(GetworkJson.TOPIC_NEW_WORK)) {
                throw invalidParams("params[" + i + "]: the only topic is \"" + GetworkJson.TOPIC_NEW_WORK
                        + "\", found " + (topic.isTextual() ? "another string" : GetworkJson.kind(topic)));
            }
        }
        if (subscription == null) {
            subscription = String.format("0x%016x", ThreadLocalRandom.current().nextLong());
            LOG.debug("WebSocket getwork {} from {} subscribed as {}", session.id(), peer, subscription);
        }
        return subscription;
    }

    private void pushAfterSubscribe() {
        if (subscription == null) {
            return;
        }
        synchronized (this) {
            // A repeated subscribe gets the current target and work again.
            pushedSequence = -1;
            sentTarget = null;
        }
        endpoint.subscribed(this);
        push(endpoint.latest());
    }

    private Object submit(JsonRpcRequest request) {
        JsonNode params = PoiesJson.treeFromPlain(request.params().value());
        SubmitResult result;
        if (params == null || !params.isArray() || params.size() != 1 || !params.get(0).isObject()) {
            result = SubmitResult.rejected(SubmitResult.SCHEMA, "params must be [HashShare envelope] (one object), "
                    + "found " + (params != null && params.isArray() ? "an array of " + params.size()
                    : GetworkJson.kind(params)));
            endpoint.node().recordRejected(SubmitResult.SCHEMA);
        } else {
            result = admit(params.get(0));
        }
        if (!result.isAccepted()) {
            throw new JsonRpcException(new JsonRpcError(SubmitResult.jsonRpcCode(result.reason()), result.message(),
                    GetworkJson.rejectionData(result.reason())));
        }
        return GetworkJson.submitResult(result);
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
        if (!target.equals(sentTarget) && session.notify(GetworkJson.SHARE_TARGET,
                List.of(GetworkJson.shareTarget(target)))) {
            sentTarget = target;
        }
    }

    private static boolean isSubmit(String method) {
        return GetworkJson.SUBMIT_SHARE.equals(method) || GetworkJson.SUBMIT_SHARE_DOTTED.equals(method);
    }

    private static JsonRpcException invalidParams(String text) {
        return JsonRpcException.invalidParams(text);
    }
}
