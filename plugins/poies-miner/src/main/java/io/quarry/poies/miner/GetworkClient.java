package io.quarry.poies.miner;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.model.SchemaException;
import io.quarry.poies.node.ShareTarget;
import io.quarry.poies.node.SubmitResult;
import io.quarry.poies.ws.GetworkJson;
import io.quarry.poies.ws.RpcCodec;
import io.quarry.poies.ws.RpcMessage;
import io.quarry.poies.ws.RpcProtocolException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The miner's side of WebSocket getwork ({@code docs/plugins.md}): connects, sends {@code miner_subscribe
 * ["newWork"]}, hands every {@code miner.shareTarget} and {@code miner.newWork} to its {@link Listener}, and
 * submits shares with {@code miner_submitShare}. A dropped connection is re-made in the background with
 * exponential backoff (1 s doubling to 30 s, back to 1 s once subscribed again); submits while disconnected fail
 * at once with {@link UpstreamException}, so the caller decides whether to retry (or use RPC) rather than queue.
 *
 * <p>Messages from the node are bounded ({@link #MAX_MESSAGE_CHARS}); a node that sends more, or something that
 * is not JSON-RPC, is disconnected from.
 */
public final class GetworkClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GetworkClient.class);

    /** Largest message accepted from the node: a template is about 1.5 KiB. */
    public static final int MAX_MESSAGE_CHARS = 256 * 1024;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Hears what the node pushes. Called on the client's threads, one message at a time: return quickly. */
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
    private final Optional<String> apiToken;
    private final Listener listener;
    private final Duration requestTimeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private final Map<Long, CompletableFuture<RpcMessage>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Object sendLock = new Object();
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    private volatile WebSocket socket;
    private volatile boolean subscribed;
    private volatile boolean closed;
    private volatile Thread loop;

    /**
     * @param uri the node's getwork URL ({@code ws://host:port/api/v1/poies-miner/ws})
     * @param apiToken the node's API token, when its WebSocket route needs one
     * @param listener hears templates and targets
     * @param requestTimeout how long a subscribe or submit may wait for its answer
     */
    public GetworkClient(URI uri, Optional<String> apiToken, Listener listener, Duration requestTimeout) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.apiToken = Objects.requireNonNull(apiToken, "apiToken");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** Starts connecting in the background; returns at once. */
    public synchronized void start() {
        if (loop != null) {
            throw new IllegalStateException("getwork client already started");
        }
        loop = Thread.ofVirtual().name("poies-getwork").start(this::run);
    }

    /** Whether a connection is up and subscribed. */
    public boolean isConnected() {
        return subscribed && socket != null;
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
        RpcMessage answer = request(GetworkJson.SUBMIT_SHARE, RpcCodec.NODES.arrayNode(1)
                .add(PoiesJson.toTree(share)));
        try {
            return GetworkJson.readSubmitAnswer(answer);
        } catch (RpcProtocolException e) {
            throw new UpstreamException(uri + " answered miner_submitShare with an unreadable result: "
                    + e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t = loop;
        if (t != null) {
            t.interrupt();
        }
        WebSocket s = socket;
        if (s != null) {
            s.abort();
        }
        failPending("client closed");
        http.close();
    }

    private void run() {
        while (!closed) {
            CompletableFuture<String> gone = new CompletableFuture<>();
            String reason;
            try {
                connect(gone);
                subscribe();
                backoff.reset();
                LOG.info("Taking work from {} (WebSocket getwork)", uri);
                listener.onConnected(uri);
                reason = gone.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (UpstreamException | ExecutionException | RuntimeException e) {
                reason = e.getMessage();
            }
            subscribed = false;
            WebSocket s = socket;
            socket = null;
            if (s != null) {
                s.abort();
            }
            failPending("connection lost: " + reason);
            if (closed) {
                break;
            }
            listener.onDisconnected(reason);
            Duration wait = backoff.next();
            LOG.warn("Getwork connection to {} lost ({}); reconnecting in {} s", uri, reason, wait.toSeconds());
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private void connect(CompletableFuture<String> gone) throws UpstreamException, InterruptedException {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
        apiToken.ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        try {
            socket = builder.buildAsync(uri, new Receiver(gone)).get(CONNECT_TIMEOUT.toMillis() + 1000,
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new UpstreamException("cannot connect to " + uri + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new UpstreamException("connecting to " + uri + " timed out", e);
        }
    }

    private void subscribe() throws UpstreamException {
        RpcMessage answer = request(GetworkJson.SUBSCRIBE, RpcCodec.NODES.arrayNode(1).add(GetworkJson.TOPIC_NEW_WORK));
        if (answer.isError()) {
            throw new UpstreamException(uri + " refused miner_subscribe: " + answer.error().path("message").asText());
        }
        subscribed = true;
    }

    private RpcMessage request(String method, JsonNode params) throws UpstreamException {
        WebSocket s = socket;
        if (s == null) {
            throw new UpstreamException("not connected to " + uri);
        }
        long id = ids.incrementAndGet();
        CompletableFuture<RpcMessage> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            synchronized (sendLock) {
                // java.net.http allows one outstanding send per WebSocket.
                s.sendText(RpcCodec.request(id, method, params), true).get(requestTimeout.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            return answer.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new UpstreamException(method + " to " + uri + " failed: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new UpstreamException(method + " to " + uri + " got no answer within " + requestTimeout.toSeconds()
                    + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException(method + " to " + uri + " interrupted", e);
        } finally {
            pending.remove(id);
        }
    }

    private void failPending(String reason) {
        pending.values().forEach(f -> f.completeExceptionally(new UpstreamException(reason)));
        pending.clear();
    }

    /** Dispatches what the node sends; one call at a time (the next message is requested only after). */
    private void dispatch(String text) {
        RpcMessage message = RpcCodec.read(text, MAX_MESSAGE_CHARS);
        if (!message.isCall()) {
            if (message.id().canConvertToLong()) {
                CompletableFuture<RpcMessage> waiting = pending.get(message.id().longValue());
                if (waiting != null) {
                    waiting.complete(message);
                }
            }
            return;
        }
        JsonNode first = message.param(0);
        switch (message.method()) {
            case GetworkJson.SHARE_TARGET -> listener.onShareTarget(GetworkJson.readShareTarget(first, "params[0]"));
            case GetworkJson.NEW_WORK -> {
                try {
                    listener.onTemplate(PoiesJson.templateFromTree(first));
                } catch (SchemaException e) {
                    throw new RpcProtocolException(-32602, "invalid_params", "miner.newWork params[0]: "
                            + e.getMessage(), null);
                }
            }
            default -> LOG.debug("Ignoring {} from {}", message.method(), uri);
        }
    }

    /** Assembles text messages within the limit and hands them to {@link #dispatch}. */
    private final class Receiver implements WebSocket.Listener {
        private final CompletableFuture<String> gone;
        private final StringBuilder partial = new StringBuilder();

        Receiver(CompletableFuture<String> gone) {
            this.gone = gone;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (partial.length() + data.length() > MAX_MESSAGE_CHARS) {
                gone.complete("the node sent a message over " + MAX_MESSAGE_CHARS + " characters");
                webSocket.abort();
                return null;
            }
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    dispatch(text);
                } catch (RpcProtocolException e) {
                    gone.complete("the node sent an unreadable message: " + e.getMessage());
                    webSocket.abort();
                    return null;
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
            gone.complete("the node sent a binary message");
            webSocket.abort();
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            gone.complete("closed by the node (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            gone.complete(error.toString());
        }
    }
}
