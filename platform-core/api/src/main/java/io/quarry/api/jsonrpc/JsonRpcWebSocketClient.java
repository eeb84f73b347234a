package io.quarry.api.jsonrpc;

import io.quarry.api.jsonrpc.JsonRpcTransportException.Kind;
import io.quarry.api.retry.Backoff;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON-RPC 2.0 client over one WebSocket at a time (such as an endpoint served by
 * {@link JsonRpcServers#serveWebSocket}), reconnecting with jittered backoff
 * ({@link JsonRpcWebSocketClientSettings#reconnect()}) until closed. It follows the {@link JsonRpcClient}
 * contract: requests fail at once while disconnected, listener calls come one at a time in arrival order on a
 * thread of the client's, and answers complete their futures out of band (a listener may join a request it
 * made). A server that sends a message over {@link JsonRpcWebSocketClientSettings#maxMessageBytes()} or
 * something that is not JSON-RPC is disconnected from. Usable without a node; {@link #start()} begins
 * connecting.
 */
public final class JsonRpcWebSocketClient implements JsonRpcClient {

    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcWebSocketClient.class);

    private final JsonRpcWebSocketClientSettings settings;
    private final JsonRpcClientListener listener;
    private final HttpClient http;
    private final ExecutorService events;
    private final Map<Long, CompletableFuture<JsonRpcValue>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Object sendLock = new Object();
    private volatile Connection current;
    private volatile boolean closed;
    private volatile Thread loop;

    public JsonRpcWebSocketClient(JsonRpcWebSocketClientSettings settings, JsonRpcClientListener listener) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        this.events = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("jsonrpc-ws-" + settings.name() + "-events").factory());
    }

    /** Starts connecting in the background; returns at once. Starting twice fails. */
    public synchronized JsonRpcWebSocketClient start() {
        if (loop != null) {
            throw new IllegalStateException("WebSocket client " + settings.name() + " already started");
        }
        if (closed) {
            throw new IllegalStateException("WebSocket client " + settings.name() + " is closed");
        }
        loop = Thread.ofVirtual().name("jsonrpc-ws-" + settings.name()).start(this::run);
        return this;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public CompletableFuture<JsonRpcValue> request(String method, Object params) {
        return request(method, params, settings.requestTimeout());
    }

    @Override
    public CompletableFuture<JsonRpcValue> request(String method, Object params, Duration timeout) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(timeout, "timeout");
        Connection connection = current;
        if (closed) {
            return CompletableFuture.failedFuture(new JsonRpcTransportException(Kind.CLOSED, settings.name()
                    + " is closed"));
        }
        if (connection == null) {
            return CompletableFuture.failedFuture(new JsonRpcTransportException(Kind.NOT_CONNECTED,
                    settings.name() + " is not connected to " + settings.uri() + "; it is reconnecting"));
        }
        if (pending.size() >= settings.maxPendingRequests()) {
            return CompletableFuture.failedFuture(new JsonRpcTransportException(Kind.TOO_MANY_PENDING,
                    settings.maxPendingRequests() + " requests of " + settings.name() + " await answers"));
        }
        long id = ids.incrementAndGet();
        byte[] text = JsonRpcWire.request(id, method, params);
        CompletableFuture<JsonRpcValue> answer = new CompletableFuture<>();
        pending.put(id, answer);
        answer.whenComplete((value, failure) -> pending.remove(id, answer));
        CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(() ->
                answer.completeExceptionally(new JsonRpcTransportException(Kind.TIMEOUT, method + " to "
                        + settings.uri() + " got no answer within " + timeout)));
        send(connection, text).exceptionally(failure -> {
            answer.completeExceptionally(new JsonRpcTransportException(Kind.CONNECTION_LOST, method + " to "
                    + settings.uri() + " could not be sent: " + failure.getMessage(), failure));
            return null;
        });
        return answer;
    }

    @Override
    public boolean notify(String method, Object params) {
        Objects.requireNonNull(method, "method");
        Connection connection = current;
        if (closed || connection == null) {
            return false;
        }
        send(connection, JsonRpcWire.notification(method, params));
        return true;
    }

    @Override
    public Optional<JsonRpcEndpoint> connectedEndpoint() {
        return current != null && !closed ? Optional.of(settings.endpoint()) : Optional.empty();
    }

    /**
     * Drops the current connection because what the server sent is unusable to the caller (a refused
     * subscription, a malformed job): pending requests fail, the listener hears {@code reason} in
     * {@link JsonRpcClientListener#onDisconnected}, and the client reconnects after its backoff. Nothing
     * happens when no connection is up.
     */
    public void reconnect(String reason) {
        Objects.requireNonNull(reason, "reason");
        Connection connection = current;
        if (connection != null) {
            connection.drop(reason);
        }
    }

    /** Closes the connection, fails pending requests ({@code CLOSED}) and stops reconnecting; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Thread running = loop;
        if (running != null) {
            running.interrupt();
        }
        Connection connection = current;
        if (connection != null) {
            connection.socket.sendClose(WebSocket.NORMAL_CLOSURE, "closing").exceptionally(failure -> null);
            connection.socket.abort();
        }
        failPending(Kind.CLOSED, settings.name() + " was closed");
        events.shutdown();
        // Not close(): it waits for every exchange to end, and an aborted WebSocket may still count as one.
        http.shutdownNow();
    }

    private void run() {
        Backoff backoff = settings.reconnect().start();
        while (!closed) {
            Connection connection = connect();
            if (connection != null) {
                backoff.reset();
                String reason = connection.awaitClose();
                current = null;
                failPending(Kind.CONNECTION_LOST, "connection to " + settings.uri() + " lost: " + reason);
                if (closed) {
                    return;
                }
                LOG.debug("WebSocket client {}: connection to {} lost ({}); reconnecting", settings.name(),
                        settings.uri(), reason);
                deliver(() -> listener.onDisconnected(this, settings.endpoint(), reason));
            }
            Duration wait = backoff.next();
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                return; // closed
            }
        }
    }

    private Connection connect() {
        Connection connection = new Connection();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(settings.connectTimeout());
        settings.bearerToken().ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        try {
            connection.socket = builder.buildAsync(settings.uri(), connection)
                    .get(settings.connectTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.debug("WebSocket client {}: connecting to {} failed: {}", settings.name(), settings.uri(),
                    String.valueOf(cause));
            return null;
        }
        if (closed) {
            connection.socket.abort();
            return null;
        }
        current = connection;
        deliver(() -> listener.onConnected(this, settings.endpoint()));
        connection.socket.request(1);
        return connection;
    }

    private CompletableFuture<WebSocket> send(Connection connection, byte[] text) {
        String message = new String(text, StandardCharsets.UTF_8);
        synchronized (sendLock) {
            // WebSocket allows one outstanding send; chain each after the previous.
            CompletableFuture<WebSocket> next = connection.lastSend
                    .exceptionally(failure -> null)
                    .thenCompose(ignored -> connection.socket.sendText(message, true));
            connection.lastSend = next;
            return next;
        }
    }

    private void onMessage(Connection connection, byte[] bytes) {
        JsonRpcWire.Message message;
        try {
            message = JsonRpcWire.read(bytes);
        } catch (IllegalArgumentException e) {
            connection.drop("the server sent a message that is not JSON-RPC (" + e.getMessage() + ")");
            return;
        }
        switch (message) {
            case JsonRpcWire.Reply reply -> {
                CompletableFuture<JsonRpcValue> answer = reply.id() instanceof Long id ? pending.get(id) : null;
                if (answer == null) {
                    LOG.debug("WebSocket client {}: answer to unknown or expired id {}", settings.name(), reply.id());
                } else if (reply.error() != null) {
                    answer.completeExceptionally(new JsonRpcException(reply.error()));
                } else {
                    answer.complete(reply.result());
                }
            }
            case JsonRpcWire.Call call -> deliver(() -> listener.onNotification(this, call.request()));
        }
    }

    private void deliver(Runnable event) {
        try {
            events.execute(() -> {
                try {
                    event.run();
                } catch (RuntimeException e) {
                    LOG.warn("WebSocket client {}: listener failed", settings.name(), e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed: nobody is listening any more.
        }
    }

    private void failPending(Kind kind, String message) {
        for (CompletableFuture<JsonRpcValue> answer : pending.values()) {
            answer.completeExceptionally(new JsonRpcTransportException(kind, message));
        }
    }

    /** One connection: receives frames, assembles messages within the limit, and reports when it ends. */
    private final class Connection implements WebSocket.Listener {

        private final CompletableFuture<String> closedReason = new CompletableFuture<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        volatile WebSocket socket;
        CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

        @Override
        public void onOpen(WebSocket webSocket) {
            // No request(1) yet: nothing is read before the client counts as connected and the listener heard it.
            socket = webSocket;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            byte[] chunk = data.toString().getBytes(StandardCharsets.UTF_8);
            if (partial.size() + chunk.length > settings.maxMessageBytes()) {
                drop("the server sent a message over " + settings.maxMessageBytes() + " bytes");
                return null;
            }
            partial.writeBytes(chunk);
            if (last) {
                byte[] message = partial.toByteArray();
                partial.reset();
                onMessage(this, message);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
            drop("the server sent a binary message; JSON-RPC travels in text messages");
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedReason.complete("closed by the server (" + statusCode + (reason.isEmpty() ? "" : " " + reason)
                    + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closedReason.complete(String.valueOf(error));
        }

        void drop(String reason) {
            LOG.debug("WebSocket client {}: {}; disconnecting", settings.name(), reason);
            closedReason.complete(reason);
            WebSocket s = socket;
            if (s != null) {
                s.abort();
            }
        }

        String awaitClose() {
            try {
                return closedReason.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "client closed";
            } catch (ExecutionException e) {
                return String.valueOf(e.getCause());
            }
        }
    }
}
