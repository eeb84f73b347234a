package io.quarry.poies.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarry.api.http.Http;
import io.quarry.api.jsonrpc.JsonRpcLimits;
import io.quarry.api.jsonrpc.JsonRpcRouteSettings;
import io.quarry.api.jsonrpc.JsonRpcServers;
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
 * WebSocket getwork ({@code docs/plugins.md}) at {@code /api/v1/poies-miner/ws}, served by the kernel's JSON-RPC over
 * WebSocket ({@link #register}): miners send
 * {@code miner_subscribe ["newWork"]} and receive {@code miner.newWork} with the current template at once and
 * whenever the node rotates work (head or Θ changed, or a better proof set), and submit HashShares with
 * {@code miner_submitShare [envelope]}, answered with the admission result or an error naming the precise
 * reason ({@link SubmitResult#jsonRpcCode} and {@code data.reason}). The share micro-target reaches each connection as a {@code miner.shareTarget}
 * notification before its first template and whenever the node retunes it.
 *
 * <p>Limits (the kernel's carrier enforces them): messages longer than {@link #MAX_MESSAGE_CHARS} bytes are
 * answered with -32600 (the HTTP server closes at {@code http.max_ws_message_bytes} before that); every request
 * spends a token from the node's shared per-peer and global buckets, answered with -32005 and
 * {@code data {"reason":"rate_limited","scope":"peer"|"global"}} when there is none; {@link #MAX_STRIKES} bad
 * messages in a row close the connection; a miner that stops reading is closed. The HTTP server pings idle
 * connections and limits connections per address.
 *
 * <p>Meters: {@code <prefix>.subscribers} (gauge) and {@code <prefix>.pushes} (templates sent); the plugin passes
 * {@code PluginMetrics.name("ws")} as the prefix. Protocol errors are the kernel's
 * {@code quarry.jsonrpc.errors{server="ws",reason}}. Shares refused before admission (unreadable envelope, over
 * the rate) are counted through {@link PoiesNode#recordRejected} in
 * {@code animica_miner_shares_rejected_total{reason}}, beside those admission refuses.
 */
public final class GetworkEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GetworkEndpoint.class);

    /** The route, relative to the plugin's prefix. */
    public static final String PATH = "ws";
    /** Longest message handled, in bytes; a HashShare submit is well under 1 KiB. */
    public static final int MAX_MESSAGE_CHARS = 16 * 1024;
    /** Bad messages in a row before the connection is closed. */
    public static final int MAX_STRIKES = 10;

    private final PoiesNode node;
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
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(prefix, "prefix");
        this.pushes = Counter.builder(prefix + ".pushes").description("Templates pushed to WebSocket miners")
                .register(registry);
        Gauge.builder(prefix + ".subscribers", subscribers, Set::size)
                .description("WebSocket getwork connections subscribed to newWork").register(registry);
    }

    /** Registers the WebSocket route; call from the plugin's {@code init}. */
    public void register(JsonRpcServers rpc, Http.Access access) {
        JsonRpcRouteSettings settings = JsonRpcRouteSettings.of(PATH, PATH).withAccess(access)
                .withLimits(JsonRpcLimits.DEFAULTS.withMaxLineBytes(MAX_MESSAGE_CHARS).withMaxStrikes(MAX_STRIKES))
                .withRateLimiter(node.limiter());
        rpc.serveWebSocket(settings, session -> new GetworkSession(this, session));
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
        subscribers.forEach(s -> s.session().close());
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
     * @param params the {@code miner.newWork} params, built once for every connection
     */
    record Push(long sequence, Work work, JsonNode params) {

        static Push of(long sequence, Work work) {
            return new Push(sequence, work, GetworkJson.newWorkParams(work.template()));
        }
    }
}
