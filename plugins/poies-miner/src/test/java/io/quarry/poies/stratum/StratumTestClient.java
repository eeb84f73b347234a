package io.quarry.poies.stratum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.function.Predicate;

/** A plain TCP Stratum client for tests: newline-delimited JSON written and read by hand, nothing shared. */
public final class StratumTestClient implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final Deque<JsonNode> skipped = new ArrayDeque<>();
    private long ids = 0;

    public StratumTestClient(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(5000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Writes one raw line. */
    public void line(String text) throws IOException {
        out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next line as JSON (skipped ones first); null at end of stream. */
    public JsonNode next() throws IOException {
        if (!skipped.isEmpty()) {
            return skipped.removeFirst();
        }
        String line = in.readLine();
        return line == null ? null : JSON.readTree(line);
    }

    /** Sends {@code method} with {@code params} and returns the response with its id; notifications stay queued. */
    public JsonNode call(String method, Object... params) throws IOException {
        long id = ++ids;
        ObjectNode request = JSON.createObjectNode().put("id", id).put("method", method);
        request.set("params", params(params));
        line(JSON.writeValueAsString(request));
        return await(m -> m.path("id").asLong(-1) == id && !m.has("method"));
    }

    /** The next notification of {@code method}; others stay queued. */
    public JsonNode notification(String method) throws IOException {
        return await(m -> method.equals(m.path("method").asText()));
    }

    /** The newest notification of {@code method} among those already arrived, dropping older ones of it. */
    public java.util.Optional<JsonNode> newest(String method) throws IOException {
        while (in.ready()) {
            String line = in.readLine();
            if (line == null) {
                break;
            }
            skipped.addLast(JSON.readTree(line));
        }
        JsonNode found = null;
        for (Iterator<JsonNode> it = skipped.iterator(); it.hasNext(); ) {
            JsonNode m = it.next();
            if (method.equals(m.path("method").asText())) {
                found = m;
                it.remove();
            }
        }
        return java.util.Optional.ofNullable(found);
    }

    /** Whether the server closed the connection (reads until end of stream or timeout). */
    boolean closedByServer() {
        try {
            while (in.readLine() != null) {
                // drain what was queued before the close
            }
            return true;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    private JsonNode await(Predicate<JsonNode> wanted) throws IOException {
        for (Iterator<JsonNode> it = skipped.iterator(); it.hasNext(); ) {
            JsonNode m = it.next();
            if (wanted.test(m)) {
                it.remove();
                return m;
            }
        }
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed; still queued: " + skipped);
            }
            JsonNode m = JSON.readTree(line);
            if (wanted.test(m)) {
                return m;
            }
            skipped.addLast(m);
        }
    }

    static ArrayNode params(Object... values) {
        ArrayNode array = JSON.createArrayNode();
        for (Object v : values) {
            array.add(JSON.valueToTree(v));
        }
        return array;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
