package io.quarry.subnet.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JacksonException;
import io.quarry.api.json.StrictJson;
import io.quarry.api.retry.Backoff;
import io.quarry.api.retry.BackoffPolicy;
import io.quarry.subnet.wallet.Hotkey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orchestrator-connected mode (docs/plugins.md, "Orchestrator protocol"): a WebSocket to
 * {@code orchestrator_url} with {@code X-Miner-Hotkey}; on open the miner sends {@code authenticate} with its
 * signature over {@code auth:<ss58>:<timestamp_ns>} and its GPU information; each {@code job} message is run
 * by type and answered with a {@code result} carrying the job's id. A dropped connection is reopened after
 * a backoff with jitter, forever, until {@link #close()}.
 */
public final class OrchestratorClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorClient.class);
    /** Larger messages from the orchestrator close the connection. */
    public static final int MAX_MESSAGE_CHARS = 1024 * 1024;
    private static final StrictJson JSON = StrictJson.builder().maxDocumentBytes(MAX_MESSAGE_CHARS).build();

    private final URI url;
    private final Hotkey hotkey;
    private final Supplier<Map<String, Object>> gpuInfo;
    private final JobDispatcher jobs;
    private final Backoff backoff;
    private final InstantSource clock;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private final AtomicLong jobsDone = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final Object lock = new Object();
    private WebSocket socket;
    private boolean closed;
    private volatile boolean connected;
    private volatile boolean authenticated;
    private volatile String lastError = "";

    public OrchestratorClient(URI url, Hotkey hotkey, Supplier<Map<String, Object>> gpuInfo, JobDispatcher jobs,
                              BackoffPolicy backoff, InstantSource clock, RandomGenerator random) {
        this.url = url;
        this.hotkey = hotkey;
        this.gpuInfo = gpuInfo;
        this.jobs = jobs;
        this.backoff = backoff.start(random);
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("subnet-orchestrator").factory());
        this.workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("subnet-job-", 0).factory());
    }

    /** Connects (in the background). */
    public void start() {
        timer.execute(this::connect);
    }

    /** What the panel and stats show. */
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("configured", true);
        out.put("url", url.toString());
        out.put("connected", connected);
        out.put("authenticated", authenticated);
        out.put("connections", connections.get());
        out.put("jobsDone", jobsDone.get());
        out.put("lastError", lastError);
        return out;
    }

    private void connect() {
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        http.newWebSocketBuilder().header("X-Miner-Hotkey", hotkey.ss58()).connectTimeout(Duration.ofSeconds(10))
                .buildAsync(url, new Listener()).whenComplete((ws, error) -> {
                    if (error != null) {
                        lastError = "cannot connect: " + rootMessage(error);
                        LOG.warn("orchestrator {}: {}", url, lastError);
                        scheduleReconnect();
                    }
                });
    }

    private void scheduleReconnect() {
        connected = false;
        authenticated = false;
        synchronized (lock) {
            if (closed) {
                return;
            }
            Duration delay = backoff.next();
            LOG.info("orchestrator {}: reconnecting in {} ms", url, delay.toMillis());
            timer.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void send(WebSocket ws, Map<String, Object> message) {
        try {
            String text = JSON.mapper().writeValueAsString(message);
            // A WebSocket accepts one outstanding send at a time.
            synchronized (ws) {
                ws.sendText(text, true).join();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an orchestrator message", e);
        } catch (RuntimeException e) {
            LOG.debug("orchestrator {}: send failed: {}", url, rootMessage(e));
        }
    }

    private void authenticate(WebSocket ws) {
        String timestamp = Long.toString(clock.millis() * 1_000_000);
        String message = "auth:" + hotkey.ss58() + ":" + timestamp;
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("event", "authenticate");
        auth.put("hotkey", hotkey.ss58());
        auth.put("timestamp", timestamp);
        auth.put("signature", HexFormat.of().formatHex(hotkey.sign(message.getBytes(StandardCharsets.UTF_8))));
        auth.put("gpu_info", gpuInfo.get());
        send(ws, auth);
    }

    private void onMessage(WebSocket ws, String text) {
        JsonNode message;
        try {
            message = JSON.read(text);
        } catch (JacksonException e) {
            LOG.debug("orchestrator {}: {}, ignored", url, StrictJson.describe(e));
            return;
        }
        if (message == null || !message.isObject()) {
            return;
        }
        switch (message.path("event").asText("")) {
            case "authenticated" -> {
                authenticated = true;
                synchronized (lock) {
                    backoff.reset();
                }
                LOG.info("orchestrator {}: authenticated as {}", url, hotkey.ss58());
            }
            case "job" -> {
                JsonNode id = message.get("id");
                JsonNode data = message.get("data");
                workers.execute(() -> {
                    Object result = jobs.run(data);
                    jobsDone.incrementAndGet();
                    Map<String, Object> reply = new LinkedHashMap<>();
                    reply.put("event", "result");
                    reply.put("id", id);
                    reply.put("result", result);
                    send(ws, reply);
                });
            }
            case "error" -> {
                lastError = message.path("message").asText("error from orchestrator");
                LOG.warn("orchestrator {}: {}", url, lastError);
            }
            default -> LOG.debug("orchestrator {}: unknown event ignored", url);
        }
    }

    @Override
    public void close() {
        WebSocket open;
        synchronized (lock) {
            closed = true;
            open = socket;
        }
        if (open != null) {
            open.abort();
        }
        timer.shutdownNow();
        workers.shutdownNow();
        http.shutdownNow();
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** One connection's events. */
    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();
        private boolean dropped;

        /** Reconnects once per connection, however many of close, error and abort report its end. */
        private synchronized void dropped() {
            if (!dropped) {
                dropped = true;
                scheduleReconnect();
            }
        }

        @Override
        public void onOpen(WebSocket ws) {
            synchronized (lock) {
                if (closed) {
                    ws.abort();
                    return;
                }
                socket = ws;
            }
            connected = true;
            connections.incrementAndGet();
            LOG.info("orchestrator {}: connected", url);
            workers.execute(() -> authenticate(ws));
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (partial.length() + data.length() > MAX_MESSAGE_CHARS) {
                lastError = "message larger than " + MAX_MESSAGE_CHARS + " characters";
                LOG.warn("orchestrator {}: {}; closing", url, lastError);
                partial.setLength(0);
                ws.abort();
                dropped();
                return null;
            }
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onMessage(ws, text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            lastError = "closed by orchestrator (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")";
            LOG.info("orchestrator {}: {}", url, lastError);
            dropped();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            lastError = rootMessage(error);
            LOG.info("orchestrator {}: connection lost: {}", url, lastError);
            dropped();
        }
    }
}
