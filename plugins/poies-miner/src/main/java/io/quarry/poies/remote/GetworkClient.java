package io.quarry.poies.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.jsonrpc.JsonRpcClient;
import io.quarry.api.jsonrpc.JsonRpcClientListener;
import io.quarry.api.jsonrpc.JsonRpcEndpoint;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import io.quarry.api.jsonrpc.JsonRpcTransportException;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.api.jsonrpc.JsonRpcWebSocketClient;
import io.quarry.api.jsonrpc.JsonRpcWebSocketClientSettings;
import io.quarry.api.retry.BackoffPolicy;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.model.SchemaException;
import io.quarry.poies.node.SubmitResult;
import io.quarry.poies.target.ShareTarget;
import io.quarry.poies.ws.GetworkJson;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The miner's side of WebSocket getwork ({@code docs/plugins.md}), on the API's {@link JsonRpcWebSocketClient}:
 * connects, sends {@code miner_subscribe ["newWork"]}, hands every {@code miner.shareTarget} and
 * {@code miner.newWork} to its {@link Listener}, and submits shares with {@code miner_submitShare}. A dropped
 * connection is re-made in the background with jittered exponential backoff ({@link #RECONNECT}); submits while
 * disconnected fail at once with {@link UpstreamException}, so the caller decides whether to retry (or use RPC)
 * rather than queue.
 *
 * <p>Messages from the node are bounded ({@link #MAX_MESSAGE_CHARS}); a node that sends more, something that is
 * not JSON-RPC, a target or template of the wrong shape, or refuses the subscription is disconnected from.
 */
public final class GetworkClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GetworkClient.class);

    /** Largest message accepted from the node, in bytes: a template is about 1.5 KiB. */
    public static final int MAX_MESSAGE_CHARS = 256 * 1024;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Waits between connection attempts: from 1 s up to 30 s, decorrelated jitter. */
    static final BackoffPolicy RECONNECT = BackoffPolicy.of(Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** Hears what the node pushes. Called on the client's thread, one message at a time: return quickly. */
    public interface Listener {

        /** The share micro-target for this connection (before its first template, and when retuned). */
        void onShareTarget(ShareTarget target);

        /** A new template to scan. */
        void onTemplate(HeaderTemplate template);

        /** Subscribed (again). */
        default void onConnected(URI uri) {
        }

        /** The connection is gone; the client is reconnecting. */
        default void onDisconnected(String reason) {
        }
    }

    private final URI uri;
    private final Listener listener;
    private final Duration requestTimeout;
    private final JsonRpcWebSocketClient client;
    private volatile boolean subscribed;

    /**
     * @param uri the node's getwork URL ({@code ws://host:port/api/v1/poies-miner/ws})
     * @param apiToken the node's API token, when its WebSocket route needs one
     * @param listener hears templates and targets
     * @param requestTimeout how long a subscribe or submit may wait for its answer
     */
    public GetworkClient(URI uri, Optional<String> apiToken, Listener listener, Duration requestTimeout) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.client = new JsonRpcWebSocketClient(JsonRpcWebSocketClientSettings.of("poies-getwork", uri)
                .withBearerToken(apiToken).withTimeouts(CONNECT_TIMEOUT, requestTimeout)
                .withMaxMessageBytes(MAX_MESSAGE_CHARS).withReconnect(RECONNECT), new Events());
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        client.start();
    }

    /** Whether a connection is up and subscribed. */
    public boolean isConnected() {
        return subscribed && client.isConnected();
    }

    /**
     * Submits a share and waits for the node's verdict.
     *
     * @throws UpstreamException when not connected, or the connection fails or times out before the answer
     */
    public SubmitResult submitShare(ProofEnvelope share) throws UpstreamException {
        if (!isConnected()) {
            throw new UpstreamException("not connected to " + uri);
        }
        JsonRpcValue answer;
        try {
            answer = call(GetworkJson.SUBMIT_SHARE, List.of(PoiesJson.toTree(share)));
        } catch (JsonRpcException refused) {
            return GetworkJson.readRejection(refused.error());
        }
        try {
            return GetworkJson.readSubmitResult(answer);
        } catch (JsonRpcException e) {
            throw new UpstreamException(uri + " answered miner_submitShare with an unreadable result: "
                    + e.getMessage());
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** One request, waited for; the node's error comes back as the {@link JsonRpcException} it is. */
    private JsonRpcValue call(String method, Object params) throws UpstreamException {
        try {
            return client.request(method, params).get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JsonRpcException refused) {
                throw refused;
            }
            throw new UpstreamException(method + " to " + uri + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new UpstreamException(method + " to " + uri + " got no answer within " + requestTimeout.toSeconds()
                    + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException(method + " to " + uri + " interrupted", e);
        }
    }

    /** The connection's events, one at a time on the client's thread. */
    private final class Events implements JsonRpcClientListener {

        @Override
        public void onConnected(JsonRpcClient c, JsonRpcEndpoint endpoint) {
            try {
                call(GetworkJson.SUBSCRIBE, List.of(GetworkJson.TOPIC_NEW_WORK));
            } catch (JsonRpcException e) {
                client.reconnect("refused miner_subscribe: " + e.getMessage());
                return;
            } catch (UpstreamException | JsonRpcTransportException e) {
                client.reconnect(e.getMessage());
                return;
            }
            subscribed = true;
            LOG.info("Taking work from {} (WebSocket getwork)", uri);
            listener.onConnected(uri);
        }

        @Override
        public void onDisconnected(JsonRpcClient c, JsonRpcEndpoint endpoint, String reason) {
            subscribed = false;
            LOG.warn("Getwork connection to {} lost ({}); reconnecting", uri, reason);
            listener.onDisconnected(reason);
        }

        @Override
        public void onNotification(JsonRpcClient c, JsonRpcRequest notification) {
            JsonNode params = PoiesJson.treeFromPlain(notification.params().value());
            JsonNode first = params != null && params.isArray() ? params.path(0) : null;
            switch (notification.method()) {
                case GetworkJson.SHARE_TARGET -> {
                    ShareTarget target;
                    try {
                        target = GetworkJson.readShareTarget(first == null ? GetworkJson.NODES.nullNode() : first,
                                "params[0]");
                    } catch (JsonRpcException e) {
                        client.reconnect("miner.shareTarget " + e.getMessage());
                        return;
                    }
                    listener.onShareTarget(target);
                }
                case GetworkJson.NEW_WORK -> {
                    HeaderTemplate template;
                    try {
                        if (first == null) {
                            throw new SchemaException("expected [template]");
                        }
                        template = PoiesJson.templateFromTree(first);
                    } catch (SchemaException e) {
                        client.reconnect("miner.newWork params[0]: " + e.getMessage());
                        return;
                    }
                    listener.onTemplate(template);
                }
                default -> LOG.debug("Ignoring {} from {}", notification.method(), uri);
            }
        }
    }
}
