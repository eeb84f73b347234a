package io.quarry.poies.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcHttpClient;
import io.quarry.api.jsonrpc.JsonRpcHttpClientSettings;
import io.quarry.api.jsonrpc.JsonRpcTransportException;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.api.retry.Backoff;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node a miner (or a Stratum proxy) works for. Work arrives over WebSocket getwork when a {@code ws} URL is
 * given (pushed: a new template the moment the node has one), otherwise by polling {@code miner_getWork} and
 * {@code miner_getShareTarget} over JSON-RPC every {@link #POLL_INTERVAL}. Shares go over the WebSocket while it is
 * up and over JSON-RPC otherwise (when an {@code rpc} URL is given), so a miner with both keeps submitting while
 * its WebSocket reconnects.
 *
 * <p>The listener hears a new {@link UpstreamWork} whenever the template or this miner's target changes, on the
 * upstream's own thread; it must return quickly.
 */
public final class Upstream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Upstream.class);

    /** How often work is polled in RPC-only mode. */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    /** How long one request (subscribe, submit, poll) may take. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Where the node is.
     *
     * @param ws its WebSocket getwork URL, if any
     * @param rpc its JSON-RPC URL, if any
     * @param apiToken its API token, when its routes need one
     */
    public record Endpoints(Optional<URI> ws, Optional<URI> rpc, Optional<String> apiToken) {

        public Endpoints {
            Objects.requireNonNull(ws, "ws");
            Objects.requireNonNull(rpc, "rpc");
            Objects.requireNonNull(apiToken, "apiToken");
            if (ws.isEmpty() && rpc.isEmpty()) {
                throw new IllegalArgumentException("a miner needs the node's WebSocket URL, its RPC URL, or both");
            }
        }

        /** Where the work comes from, for messages. */
        public String describe() {
            return ws.map(u -> "ws " + u).orElse("") + (ws.isPresent() && rpc.isPresent() ? ", " : "")
                    + rpc.map(u -> "rpc " + u).orElse("");
        }
    }

    private final Endpoints endpoints;
    private final Consumer<UpstreamWork> listener;
    private final Optional<JsonRpcHttpClient> rpc;
    private final Optional<GetworkClient> ws;
    private final AtomicReference<HeaderTemplate> template = new AtomicReference<>();
    private final AtomicReference<ShareTarget> target = new AtomicReference<>();
    private final AtomicReference<UpstreamWork> current = new AtomicReference<>();
    private volatile Thread poller;
    private volatile boolean polledOk;
    private volatile boolean closed;

    public Upstream(Endpoints endpoints, Consumer<UpstreamWork> listener) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.rpc = endpoints.rpc().map(uri -> new JsonRpcHttpClient(JsonRpcHttpClientSettings.of(uri)
                .withBearerToken(endpoints.apiToken()).withTimeouts(REQUEST_TIMEOUT, REQUEST_TIMEOUT)));
        this.ws = endpoints.ws().map(uri -> new GetworkClient(uri, endpoints.apiToken(), new GetworkClient.Listener() {
            @Override
            public void onShareTarget(ShareTarget newTarget) {
                target.set(newTarget);
                changed();
            }

            @Override
            public void onTemplate(HeaderTemplate newTemplate) {
                template.set(newTemplate);
                changed();
            }
        }, REQUEST_TIMEOUT));
    }

    /** Where the work comes from. */
    public Endpoints endpoints() {
        return endpoints;
    }

    /** Starts receiving work in the background. */
    public synchronized void start() {
        if (ws.isPresent()) {
            ws.get().start();
        } else if (poller == null) {
            poller = Thread.ofVirtual().name("poies-getwork-poll").start(this::poll);
        }
    }

    /** The latest work, once the node has sent a template and a target. */
    public Optional<UpstreamWork> current() {
        return Optional.ofNullable(current.get());
    }

    /** Whether work currently flows (the WebSocket is subscribed, or the last poll answered). */
    public boolean isConnected() {
        return ws.map(GetworkClient::isConnected).orElseGet(() -> polledOk);
    }

    /**
     * Submits a share and returns the node's verdict.
     *
     * @throws UpstreamException when neither the WebSocket nor JSON-RPC reached the node
     */
    public SubmitResult submit(ProofEnvelope share) throws UpstreamException {
        UpstreamException wsFailure = null;
        if (ws.isPresent() && ws.get().isConnected()) {
            try {
                return ws.get().submitShare(share);
            } catch (UpstreamException e) {
                wsFailure = e;
            }
        }
        if (rpc.isPresent()) {
            JsonRpcValue answer;
            try {
                answer = rpc.get().call(GetworkJson.SUBMIT_SHARE, List.of(PoiesJson.toTree(share)));
            } catch (JsonRpcException refused) {
                return GetworkJson.readRejection(refused.error());
            } catch (JsonRpcTransportException e) {
                throw new UpstreamException(e.getMessage(), e);
            }
            try {
                return GetworkJson.readSubmitResult(answer);
            } catch (JsonRpcException e) {
                throw new UpstreamException(endpoints.rpc().get() + " answered miner_submitShare with an unreadable "
                        + "result: " + e.getMessage());
            }
        }
        throw wsFailure != null ? wsFailure : new UpstreamException("not connected to " + endpoints.describe());
    }

    /** The JSON-RPC client, when an RPC URL was given. */
    public Optional<JsonRpcHttpClient> rpc() {
        return rpc;
    }

    @Override
    public void close() {
        closed = true;
        ws.ifPresent(GetworkClient::close);
        Thread t = poller;
        if (t != null) {
            t.interrupt();
        }
        rpc.ifPresent(JsonRpcHttpClient::close);
    }

    private void changed() {
        HeaderTemplate t = template.get();
        ShareTarget s = target.get();
        if (t == null || s == null) {
            return;
        }
        UpstreamWork work = new UpstreamWork(t, s);
        if (!work.equals(current.getAndSet(work))) {
            listener.accept(work);
        }
    }

    private void poll() {
        JsonRpcHttpClient client = rpc.orElseThrow();
        URI uri = client.settings().uri();
        Backoff backoff = BackoffPolicy.of(POLL_INTERVAL, Duration.ofSeconds(30)).start();
        while (!closed) {
            Duration wait = POLL_INTERVAL;
            try {
                JsonNode work = PoiesJson.treeFromPlain(client.call("miner_getWork", null).value());
                JsonNode shareTarget = PoiesJson.treeFromPlain(client.call("miner_getShareTarget", null).value());
                HeaderTemplate t = PoiesJson.templateFromTree(work);
                ShareTarget s = GetworkJson.readShareTarget(shareTarget, "result");
                if (!polledOk) {
                    LOG.info("Taking work from {} (JSON-RPC polling)", uri);
                }
                polledOk = true;
                backoff.reset();
                template.set(t);
                target.set(s);
                changed();
            } catch (JsonRpcTransportException | JsonRpcException | SchemaException e) {
                polledOk = false;
                wait = backoff.next();
                LOG.warn("Polling work from {} failed ({}); again in {} s", uri, e.getMessage(),
                        wait.toSeconds());
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
