package io.quarry.kernel.jsonrpc;

import io.quarry.kernel.exec.SerialExecutor;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.quarry.api.jsonrpc.JsonRpcClient;
import io.quarry.api.jsonrpc.JsonRpcClientListener;
import io.quarry.api.jsonrpc.JsonRpcClientSettings;
import io.quarry.api.jsonrpc.JsonRpcEndpoint;
import io.quarry.api.jsonrpc.JsonRpcTransportException;
import io.quarry.api.jsonrpc.JsonRpcTransportException.Kind;
import io.quarry.api.jsonrpc.JsonRpcValue;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client with one connection at a time, failover across endpoints and reconnect with backoff
 * ({@link FailoverSchedule}). Listener calls and answer deliveries go through one serial executor, so they
 * keep the order of the wire; see {@link PendingCall#outOfBand} for the one exception.
 */
final class LineClient implements JsonRpcClient {

    private static final Logger LOG = LoggerFactory.getLogger(LineClient.class);

    private final JsonRpcClientSettings settings;
    private final JsonRpcClientListener listener;
    private final EventLoopGroup group;
    private final Executor executor;
    private final JsonRpcMetrics metrics;
    private final JsonRpcCodec codec;
    private final SslContext tls;
    private final SerialExecutor dispatch;
    private final FailoverSchedule schedule;
    private final PendingCalls pending;
    private final AtomicLong ids = new AtomicLong();
    private final Consumer<LineClient> onClose;
    private final Object lock = new Object();
    private volatile ClientConnection active;
    private volatile boolean closed;
    private ScheduledFuture<?> retry;
    private Channel connecting;

    LineClient(JsonRpcClientSettings settings, JsonRpcClientListener listener, EventLoopGroup group, Executor executor,
               MeterRegistry registry, Consumer<LineClient> onClose) {
        this.settings = settings;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.group = group;
        this.executor = executor;
        this.onClose = onClose;
        this.metrics = JsonRpcMetrics.forClient(registry, settings.name());
        this.codec = new JsonRpcCodec(settings.dialect());
        this.tls = settings.endpoints().stream().anyMatch(JsonRpcEndpoint::tls)
                ? TlsContexts.client(settings.trustAllCertificates()) : null;
        this.dispatch = new SerialExecutor(executor);
        this.pending = new PendingCalls(settings.name(), metrics, group, executor, dispatch);
        this.schedule = new FailoverSchedule(settings.endpoints().size(), settings.initialBackoff(),
                settings.maxBackoff());
    }

    void start() {
        executor.execute(this::attempt);
    }

    JsonRpcClientSettings settings() {
        return settings;
    }

    JsonRpcCodec codec() {
        return codec;
    }

    JsonRpcMetrics metrics() {
        return metrics;
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
        ClientConnection connection = active;
        if (closed) {
            return failed(Kind.CLOSED, "JSON-RPC client " + name() + " is closed");
        }
        if (connection == null) {
            return failed(Kind.NOT_CONNECTED, "JSON-RPC client " + name() + " is not connected (reconnecting)");
        }
        if (pending.size() >= settings.maxPendingRequests()) {
            return failed(Kind.TOO_MANY_PENDING, "JSON-RPC client " + name() + " already waits for "
                    + pending.size() + " answers");
        }
        long id = ids.incrementAndGet();
        byte[] message;
        try {
            message = codec.request(id, method, params);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("params of " + method
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e));
        }
        PendingCall call = pending.register(id, method, timeout);
        if (!connection.send(message) && pending.withdraw(call)) {
            return failed(Kind.NOT_CONNECTED, "JSON-RPC client " + name() + " lost its connection");
        }
        return call.future;
    }

    @Override
    public boolean notify(String method, Object params) {
        ClientConnection connection = active;
        if (connection == null) {
            return false;
        }
        try {
            return connection.send(codec.notification(method, params));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("params of notification " + method + " cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Optional<JsonRpcEndpoint> connectedEndpoint() {
        ClientConnection connection = active;
        return connection == null ? Optional.empty() : Optional.of(connection.endpoint());
    }

    @Override
    public void close() {
        ClientConnection connection;
        Channel inProgress;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            connection = active;
            inProgress = connecting;
            if (retry != null) {
                retry.cancel(false);
            }
        }
        pending.failAll(Kind.CLOSED, "JSON-RPC client " + name() + " was closed");
        if (connection != null) {
            connection.close("client closed");
        }
        if (inProgress != null) {
            inProgress.close();
        }
        onClose.accept(this);
        LOG.debug("JSON-RPC client {} closed", name());
    }

    /** On a virtual thread: host names are resolved here, never on an event loop. */
    private void attempt() {
        JsonRpcEndpoint endpoint;
        synchronized (lock) {
            if (closed) {
                return;
            }
            endpoint = settings.endpoints().get(schedule.current());
        }
        InetSocketAddress address = new InetSocketAddress(endpoint.host(), endpoint.port());
        if (address.isUnresolved()) {
            ended(null, endpoint, "unknown host " + endpoint.host(), false, false);
            return;
        }
        ChannelFuture connect = ClientChannelInitializer.connect(group, address,
                new ClientChannelInitializer(this, endpoint, settings, tls));
        synchronized (lock) {
            connecting = connect.channel();
            if (closed) {
                connect.channel().close();
            }
        }
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                Throwable cause = done.cause();
                ended(null, endpoint, cause == null ? "cancelled" : String.valueOf(cause.getMessage()), false, false);
            }
        });
    }

    /** The connection is up (TCP, and TLS when asked). On its event loop. */
    void connected(ClientConnection connection) {
        synchronized (lock) {
            if (closed) {
                connection.close("client closed");
                return;
            }
            active = connection;
            connecting = null;
        }
        JsonRpcEndpoint endpoint = connection.endpoint();
        metrics.connection("connected");
        LOG.info("JSON-RPC client {} connected to {}", name(), endpoint);
        if (endpoint.tls() && settings.trustAllCertificates()) {
            LOG.warn("JSON-RPC client {} accepts any TLS certificate from {}: the connection is encrypted but the"
                    + " server is not authenticated", name(), endpoint);
        }
        dispatch.execute(() -> callListener("onConnected", () -> listener.onConnected(this, endpoint)));
    }

    /** The server said something valid on the current connection: it works. */
    void heard() {
        synchronized (lock) {
            schedule.healthy();
        }
    }

    /**
     * A connection attempt failed or a connection ended.
     *
     * @param connection the connection, or null when none was made
     * @param wasUp whether {@link #connected} was called for it
     * @param heard whether the server sent a valid message on it
     */
    void ended(ClientConnection connection, JsonRpcEndpoint endpoint, String reason, boolean wasUp, boolean heard) {
        long delay;
        synchronized (lock) {
            if (connection != null && active == connection) {
                active = null;
            }
            delay = closed ? -1 : wasUp && heard ? schedule.lost() : schedule.failed();
        }
        if (wasUp) {
            metrics.connection("lost");
            pending.failAll(Kind.CONNECTION_LOST, "connection of JSON-RPC client " + name() + " to " + endpoint
                    + " was lost (" + reason + ") before the answer arrived");
            if (!closed) {
                LOG.info("JSON-RPC client {} disconnected from {}: {}", name(), endpoint, reason);
            }
            dispatch.execute(() -> callListener("onDisconnected",
                    () -> listener.onDisconnected(this, endpoint, reason)));
        } else if (!closed) {
            metrics.connection("failed");
            LOG.info("JSON-RPC client {} could not connect to {}: {}", name(), endpoint, reason);
        }
        if (delay < 0) {
            return;
        }
        if (delay > 0) {
            LOG.warn("JSON-RPC client {}: no endpoint reachable ({}); retrying in {} ms", name(),
                    settings.endpoints(), delay);
        }
        scheduleAttempt(delay);
    }

    private void scheduleAttempt(long delayMillis) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                retry = group.next().schedule(this::attemptLater, delayMillis,
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("JSON-RPC client {}: the node is shutting down, not reconnecting", name());
            }
        }
    }

    /** On the retry timer: connecting resolves host names, which must not block the event loop. */
    private void attemptLater() {
        try {
            executor.execute(this::attempt);
        } catch (RejectedExecutionException e) {
            LOG.debug("JSON-RPC client {}: the node is shutting down, not reconnecting", name());
        }
    }

    /** A parsed line from the server. On the event loop. */
    void received(Incoming incoming) {
        switch (incoming) {
            case Incoming.Reply reply -> pending.answer(reply);
            case Incoming.Call call -> dispatch.execute(() -> callListener("onNotification",
                    () -> listener.onNotification(this, call.request())));
            case Incoming.Malformed bad -> {
                metrics.error(bad.reason());
                LOG.debug("JSON-RPC client {} ignored a bad line from the server: {}", name(), bad.error().message());
            }
        }
    }

    private void callListener(String event, Runnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            LOG.error("JSON-RPC client {}: listener failed in {}", name(), event, t);
        }
    }

    private static CompletableFuture<JsonRpcValue> failed(Kind kind, String message) {
        return CompletableFuture.failedFuture(new JsonRpcTransportException(kind, message));
    }
}
