package io.quarry.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bare JSON-RPC client for line-delimited servers (one JSON document per line, as Stratum and
 * {@code NodeContext.jsonRpc()} servers speak), written for tests: it sends exactly what it is given, so a test
 * can also send what a well-behaved client never would. Not thread-safe; one test thread drives it.
 *
 * <pre>{@code
 * try (LineRpcClient client = LineRpcClient.connect(server.address())) {
 *     JsonNode response = client.call("hello_greet", "Ada");
 *     assertThat(response.path("result").asText()).isEqualTo("hello, Ada");
 * }
 * }</pre>
 */
public final class LineRpcClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final AtomicLong ids = new AtomicLong();
    private final Deque<JsonNode> notifications = new ArrayDeque<>();

    private LineRpcClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    /** Connects to a line server on {@code address} (loopback in tests). */
    public static LineRpcClient connect(InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        try {
            Socket socket = new Socket();
            socket.connect(address, (int) DEFAULT_WAIT.toMillis());
            return new LineRpcClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + address + ": " + e.getMessage(), e);
        }
    }

    /** Connects to {@code 127.0.0.1:port}. */
    public static LineRpcClient connect(int port) {
        return connect(new InetSocketAddress("127.0.0.1", port));
    }

    /**
     * Sends a JSON-RPC 2.0 request with a fresh id and positional params (each turned into JSON by Jackson) and
     * returns its response, keeping any notification that arrives first for {@link #nextNotification}.
     */
    public JsonNode call(String method, Object... params) {
        ArrayNode array = JSON.createArrayNode();
        for (Object p : params) {
            array.add(JSON.valueToTree(p));
        }
        return call(method, array);
    }

    /** As {@link #call(String, Object...)} with the params given as JSON (an array or an object). */
    public JsonNode call(String method, JsonNode params) {
        long id = ids.incrementAndGet();
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        request.set("params", params);
        sendLine(request.toString());
        return awaitResponse(id, DEFAULT_WAIT);
    }

    /** Sends one line as it is (a newline is added); for malformed or hand-built requests. */
    public void sendLine(String line) {
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send to the server: " + e.getMessage(), e);
        }
    }

    /** The response whose id is {@code id}; notifications read meanwhile are kept in order. */
    public JsonNode awaitResponse(long id, Duration wait) {
        while (true) {
            JsonNode message = readMessage(wait);
            if (message.path("id").isIntegralNumber() && message.path("id").asLong() == id) {
                return message;
            }
            notifications.add(message);
        }
    }

    /** The next message that is not a response to {@link #call}: from those kept, else from the wire. */
    public JsonNode nextNotification(Duration wait) {
        JsonNode kept = notifications.poll();
        return kept != null ? kept : readMessage(wait);
    }

    /** True once the server closed the connection (reading waits at most {@code wait} for that). */
    public boolean closedByServer(Duration wait) {
        try {
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            String line;
            while ((line = in.readLine()) != null) {
                notifications.add(JSON.readTree(line));
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private JsonNode readMessage(Duration wait) {
        try {
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            String line = in.readLine();
            if (line == null) {
                throw new IllegalStateException("the server closed the connection");
            }
            return JSON.readTree(line);
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException("no message from the server within " + wait, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read from the server: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a test socket cannot fail in a way a test cares about.
        }
    }
}
