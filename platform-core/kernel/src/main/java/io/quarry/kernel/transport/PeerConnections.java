package io.quarry.kernel.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.TransportException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool: at most one usable session per peer node, whichever side dialed it, reused by every
 * protocol. Dials on demand; one dial per node at a time; after a failed dial the next waits for the
 * {@link Backoff} and calls in between fail at once.
 */
final class PeerConnections implements SessionListener {

    private static final Logger LOG = LoggerFactory.getLogger(PeerConnections.class);

    private final String selfId;
    private final TransportSettings settings;
    private final Set<Session> all = ConcurrentHashMap.newKeySet();
    private final Map<String, Session> byPeer = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Session>> dials = new ConcurrentHashMap<>();
    private final Map<String, Backoff> backoffs = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private volatile Function<DialExpectation, Bootstrap> dialer;
    private volatile boolean closed;

    /** A pool whose redial backoff reads time from {@code nanoTime} (a monotonic nanosecond count). */
    PeerConnections(String selfId, TransportSettings settings, LongSupplier nanoTime) {
        this.selfId = selfId;
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /** Sets how to dial: a bootstrap whose channel's session expects the given node. */
    void dialer(Function<DialExpectation, Bootstrap> value) {
        this.dialer = value;
    }

    /** A ready session with {@code peer}, reusing an open one or dialing. */
    CompletableFuture<Session> session(PeerAddress peer) {
        if (closed) {
            return CompletableFuture.failedFuture(new TransportException("the transport is closed"));
        }
        if (peer.nodeId().equals(selfId)) {
            return CompletableFuture.failedFuture(new TransportException("cannot dial our own node id " + selfId));
        }
        Session open = byPeer.get(peer.nodeId());
        if (open != null && open.isOpen()) {
            return CompletableFuture.completedFuture(open);
        }
        Backoff backoff = backoffs.computeIfAbsent(peer.nodeId(),
                id -> new Backoff(settings.backoffInitial(), settings.backoffMax()));
        long wait = backoff.remainingNanos(nanoTime.getAsLong());
        if (wait > 0) {
            return CompletableFuture.failedFuture(new TransportException("node " + peer + " is unreachable ("
                    + backoff.lastError() + "); next attempt in " + Math.max(1, wait / 1_000_000) + " ms"));
        }
        CompletableFuture<Session> created = new CompletableFuture<>();
        CompletableFuture<Session> dial = dials.putIfAbsent(peer.nodeId(), created);
        if (dial != null) {
            return dial;
        }
        created.whenComplete((session, error) -> dials.remove(peer.nodeId(), created));
        // A dial that finished between our look at the pool and this claim left its session there (sessions enter
        // the pool before their dial completes): use it rather than opening a second connection.
        Session opened = byPeer.get(peer.nodeId());
        if (opened != null && opened.isOpen()) {
            created.complete(opened);
            return created;
        }
        startDial(peer, backoff, created);
        return created;
    }

    /**
     * Dials {@code host:port} accepting whichever node answers and completes with its proven node id. The
     * session stays in the pool, so a following call to that node reuses it. No backoff: an operator asked.
     */
    CompletableFuture<String> identify(String host, int port) {
        if (closed) {
            return CompletableFuture.failedFuture(new TransportException("the transport is closed"));
        }
        String hostPort = host + ":" + port;
        CompletableFuture<String> result = new CompletableFuture<>();
        ChannelFuture connect = dialer.apply(DialExpectation.anyNode(hostPort)).connect(host, port);
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                result.completeExceptionally(new TransportException("cannot connect to " + hostPort + ": "
                        + describe(done.cause())));
                return;
            }
            Session session = connect.channel().pipeline().get(Session.class);
            session.ready().whenComplete((ready, error) -> {
                if (error != null) {
                    result.completeExceptionally(error instanceof TransportException t ? t
                            : new TransportException("cannot identify the node at " + hostPort + ": " + error.getMessage(), error));
                } else if (ready.peerId().equals(selfId)) {
                    ready.cutOffQuietly();
                    result.completeExceptionally(new TransportException("the node at " + hostPort + " is this node"));
                } else {
                    result.complete(ready.peerId());
                }
            });
        });
        return result;
    }

    private void startDial(PeerAddress peer, Backoff backoff, CompletableFuture<Session> result) {
        String hostPort = peer.host() + ":" + peer.port();
        DialExpectation expectation = new DialExpectation(peer.nodeId(), hostPort);
        ChannelFuture connect = dialer.apply(expectation).connect(peer.host(), peer.port());
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                String error = "cannot connect to " + hostPort + ": " + describe(done.cause());
                backoff.failed(error, nanoTime.getAsLong());
                result.completeExceptionally(new TransportException(error));
                return;
            }
            Session session = connect.channel().pipeline().get(Session.class);
            session.ready().whenComplete((ready, error) -> {
                if (error == null) {
                    backoff.succeeded();
                    result.complete(ready);
                } else {
                    backoff.failed(error.getMessage(), nanoTime.getAsLong());
                    result.completeExceptionally(error);
                }
            });
        });
    }

    @Override
    public void opened(Session session) {
        all.add(session);
        if (closed) {
            session.cutOffQuietly();
        }
    }

    @Override
    public void ready(Session session) {
        Session previous = byPeer.put(session.peerId(), session);
        if (previous != null && previous != session) {
            // Both sides dialed at once: calls move to the newer session, the older one idles out.
            LOG.debug("second connection with {}; using the newer one", session.describe());
        }
    }

    @Override
    public void closed(Session session) {
        all.remove(session);
        if (session.peerId() != null) {
            byPeer.remove(session.peerId(), session);
        }
    }

    /** Every session whose HELLO went out: they get our new protocol list. */
    void announce() {
        for (Session session : all) {
            if (session.peerId() != null && session.isOpen()) {
                session.sendHello();
            }
        }
    }

    /** Stops dialing and closes every connection. */
    void close() {
        closed = true;
        List.copyOf(all).forEach(Session::cutOffQuietly);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message != null ? message : cause.getClass().getSimpleName();
    }
}
