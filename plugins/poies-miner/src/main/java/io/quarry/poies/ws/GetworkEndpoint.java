package io.quarry.poies.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarry.api.http.Http;
import io.quarry.api.http.WebSocketSession;
import io.quarry.poies.node.PoiesNode;
import io.quarry.poies.node.SubmitResult;
import io.quarry.poies.node.Work;
import io.quarry.poies.node.WorkSubscription;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket getwork ({@code docs/plugins.md}) at {@code /api/v1/poies-miner/ws}: miners send
 * {@code miner_subscribe ["newWork"]} and receive {@code miner.newWork} with the current template at once and
 * whenever the node rotates work (head or Θ changed, or a better proof set), and submit HashShares with
 * {@code miner_submitShare [envelope]}, answered with the admission result or an error naming the precise
 * reason ({@link SubmitResult#jsonRpcCode} and {@code data.reason}). The share micro-target reaches each connection as a {@code miner.shareTarget}
 * notification before its first template and whenever the node retunes it.
 *
 * <p>Limits: messages longer than {@link #MAX_MESSAGE_CHARS} are answered with an error (the kernel closes at
 * {@code http.max_ws_message_bytes} before that); every request spends a token from the node's shared per-peer and
 * global buckets; {@link #MAX_STRIKES} bad messages in a row close the connection. The kernel's
 * HTTP server pings idle connections and closes those that stay silent, and limits connections per address.
 *
 * <p>Meters: {@code <prefix>.subscribers} (gauge), {@code <prefix>.errors{reason}} (protocol errors and
 * dropped connections) and {@code <prefix>.pushes} (templates sent); the plugin passes
 * {@code PluginMetrics.name("ws")} as the prefix. Shares refused here before admission (unreadable envelope,
 * over the rate) are counted through {@link PoiesNode#recordRejected} in
 * {@code animica_miner_shares_rejected_total{reason}}, beside those admission refuses.
 */
public final class GetworkEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GetworkEndpoint.class);

    /** The route, relative to the plugin's prefix. */
    public static final String PATH = "ws";
    /** Longest message handled; a HashShare submit is well under 1 KiB. */
    public static final int MAX_MESSAGE_CHARS = 16 * 1024;
    /** Bad messages in a row before the connection is closed. */
    public static final int MAX_STRIKES = 10;

    private final PoiesNode node;
    private final MeterRegistry registry;
    private final String prefix;
    private final Set<GetworkSession> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Push> latest = new AtomicReference<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Counter pushes;
    private WorkSubscription workListener;

    /**
     * @param node the node whose work is served and which admits the shares
     * @param registry where meters go
     * @param prefix the meter name prefix ({@code quarry.poies.miner.ws})
     */
    public GetworkEndpoint(PoiesNode node, MeterRegistry registry, String prefix) {
        this.node = Objects.requireNonNull(node, "node");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.pushes = Counter.builder(prefix + ".pushes").description("Templates pushed to WebSocket miners")
                .register(registry);
        Gauge.builder(prefix + ".subscribers", subscribers, Set::size)
                .description("WebSocket getwork connections subscribed to newWork").register(registry);
    }

    /** Registers the WebSocket route; call from the plugin's {@code init}. */
    public void register(Http http, Http.Access access) {
        http.websocket(PATH, access, upgrade -> new GetworkSession(this));
    }

    /** Starts following the node's work; call from the plugin's {@code start}. */
    public synchronized void start() {
        if (workListener != null) {
            throw new IllegalStateException("WebSocket getwork already started");
        }
        workListener = node.onWork(this::publish);
        // The listener hears only changes from now on; seed the latest with what is current.
        latest.compareAndSet(null, Push.of(sequence.incrementAndGet(), node.currentWork()));
    }

    /** Stops following work and closes every subscribed connection; harmless twice. */
    @Override
    public synchronized void close() {
        if (workListener != null) {
            workListener.close();
            workListener = null;
        }
        subscribers.forEach(s -> s.session().ifPresent(WebSocketSession::close));
        subscribers.clear();
    }

    /** Connections subscribed to newWork now. */
    public int subscriberCount() {
        return subscribers.size();
    }

    PoiesNode node() {
        return node;
    }

    /** The newest work with its sequence number (null before {@link #start()}). */
    Push latest() {
        Push push = latest.get();
        return push != null ? push : Push.of(0, node.currentWork());
    }

    void subscribed(GetworkSession session) {
        subscribers.add(session);
    }

    void closed(GetworkSession session) {
        subscribers.remove(session);
    }

    void error(String reason) {
        Counter.builder(prefix + ".errors").description("WebSocket getwork protocol errors, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    void pushed() {
        pushes.increment();
    }

    private void publish(Work work) {
        Push push = Push.of(sequence.incrementAndGet(), work);
        latest.set(push);
        for (GetworkSession session : subscribers) {
            session.push(push);
        }
    }

    /**
     * One unit of work in the order the node produced it; sessions never send an older one after a newer.
     *
     * @param sequence increasing per endpoint
     * @param work the work
     * @param text the {@code miner.newWork} notification, serialised once for every connection
     */
    record Push(long sequence, Work work, String text) {

        static Push of(long sequence, Work work) {
            return new Push(sequence, work, RpcCodec.notification(GetworkJson.NEW_WORK,
                    GetworkJson.newWorkParams(work.template())));
        }
    }
}
