package io.quarry.kernel.http;

import io.quarry.kernel.exec.SerialExecutor;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.quarry.api.http.WebSocketHandler;
import io.quarry.api.http.WebSocketSession;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: the session plugins send on, and the ordered delivery of events to the plugin's
 * handler on a serial executor. When the handler falls behind, reading pauses (TCP pushes back on the
 * client) instead of queueing messages without bound.
 */
final class WebSocketConnection implements WebSocketSession {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);
    private static final AtomicLong IDS = new AtomicLong();
    /** Undelivered messages at which reading pauses, and at which it resumes. */
    private static final int PAUSE_AT = 64;
    private static final int RESUME_AT = 16;

    private final String id = "ws-" + IDS.incrementAndGet();
    private final Channel channel;
    private final InetSocketAddress remote;
    private final WebSocketHandler handler;
    private final WebSocketRoute route;
    private final SerialExecutor events;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean closeDelivered = new AtomicBoolean();
    /** Messages queued for the handler; event-loop confined, like {@link #paused}. */
    private int pending;
    private boolean paused;

    WebSocketConnection(Channel channel, InetSocketAddress remote, WebSocketHandler handler, WebSocketRoute route,
                        Executor executor) {
        this.channel = channel;
        this.remote = remote;
        this.handler = handler;
        this.route = route;
        this.events = new SerialExecutor(executor);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public boolean send(String text) {
        // isWritable() turns false once the bytes queued for this client pass the high water mark.
        if (!isOpen() || !channel.isWritable()) {
            return false;
        }
        channel.writeAndFlush(new TextWebSocketFrame(text));
        return true;
    }

    @Override
    public boolean isOpen() {
        return !closing.get() && channel.isActive();
    }

    @Override
    public void close() {
        closeWith(WebSocketCloseStatus.NORMAL_CLOSURE);
    }

    void closeWith(WebSocketCloseStatus status) {
        if (closing.compareAndSet(false, true)) {
            channel.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The handshake is done: called on the event loop before any frame is read. */
    void opened() {
        route.sessions().add(this);
        events.execute(() -> deliver("onOpen", () -> handler.onOpen(this)));
        // The channel may have died between the 101 and now; onClose must still follow onOpen.
        channel.closeFuture().addListener(closed -> closed());
    }

    /** A whole text message; called on the event loop. */
    void received(String text) {
        if (++pending >= PAUSE_AT && !paused) {
            LOG.debug("WebSocket {} paused reading: its handler is {} messages behind", this, pending);
            paused = true;
            channel.config().setAutoRead(false);
        }
        events.execute(() -> {
            try {
                deliver("onText", () -> handler.onText(this, text));
            } finally {
                try {
                    channel.eventLoop().execute(this::delivered);
                } catch (RejectedExecutionException e) {
                    // The server is shutting down and this connection with it.
                }
            }
        });
    }

    private void delivered() {
        if (--pending <= RESUME_AT && paused) {
            paused = false;
            channel.config().setAutoRead(true);
        }
    }

    private void closed() {
        route.sessions().remove(this);
        if (closeDelivered.compareAndSet(false, true)) {
            events.execute(() -> deliver("onClose", () -> handler.onClose(this)));
        }
    }

    private void deliver(String event, Runnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            String errorId = Responses.newErrorId();
            LOG.error("WebSocket handler {} of {} failed in {} (error id {})", id, route.template(), event,
                    errorId, t);
            closeWith(WebSocketCloseStatus.INTERNAL_SERVER_ERROR);
        }
    }

    @Override
    public String toString() {
        return id + " " + remote + " " + route.template();
    }
}
