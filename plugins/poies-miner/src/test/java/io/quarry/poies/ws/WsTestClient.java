package io.quarry.poies.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A bare WebSocket JSON-RPC client for protocol tests: sends any text, hands back what arrives in order. */
final class WsTestClient implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final WebSocket socket;
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    /** Messages taken from the inbox while looking for something else, in arrival order. */
    private final Deque<JsonNode> skipped = new ArrayDeque<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicLong ids = new AtomicLong(100);

    private WsTestClient(URI uri) throws Exception {
        StringBuilder partial = new StringBuilder();
        socket = http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        inbox.add(JSON.readTree(partial.toString()));
                    } catch (Exception e) {
                        inbox.add(JSON.getNodeFactory().textNode("unparseable: " + partial));
                    }
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(-1);
            }
        }).get(5, TimeUnit.SECONDS);
    }

    static WsTestClient connect(URI uri) throws Exception {
        return new WsTestClient(uri);
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends a request and returns the response with its id; other messages stay queued. */
    JsonNode call(String method, JsonNode params) throws Exception {
        long id = ids.incrementAndGet();
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        request.set("params", params);
        send(JSON.writeValueAsString(request));
        return awaitMatching(m -> m.path("id").asLong(-1) == id && !m.has("method"));
    }

    /** The next notification of {@code method}; others stay queued. */
    JsonNode notification(String method) throws Exception {
        return awaitMatching(m -> method.equals(m.path("method").asText()));
    }

    /** The next message of any kind (skipped ones first). */
    JsonNode next() throws Exception {
        if (!skipped.isEmpty()) {
            return skipped.removeFirst();
        }
        JsonNode m = inbox.poll(5, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("nothing arrived within 5 s");
        }
        return m;
    }

    /** A message arriving within {@code wait}, or null. */
    JsonNode poll(Duration wait) throws InterruptedException {
        if (!skipped.isEmpty()) {
            return skipped.removeFirst();
        }
        return inbox.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private JsonNode awaitMatching(java.util.function.Predicate<JsonNode> wanted) throws Exception {
        for (Iterator<JsonNode> it = skipped.iterator(); it.hasNext(); ) {
            JsonNode m = it.next();
            if (wanted.test(m)) {
                it.remove();
                return m;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            JsonNode m = inbox.poll(100, TimeUnit.MILLISECONDS);
            if (m == null) {
                continue;
            }
            if (wanted.test(m)) {
                return m;
            }
            skipped.addLast(m);
        }
        throw new AssertionError("no matching message within 5 s; queued: " + skipped);
    }

    static ArrayNode params(Object... values) {
        ArrayNode out = JSON.createArrayNode();
        for (Object v : values) {
            out.add(JSON.valueToTree(v));
        }
        return out;
    }

    @Override
    public void close() {
        socket.abort();
        http.close();
    }
}
