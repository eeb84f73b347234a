package io.quarry.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JSON-RPC 2.0 client over HTTP POST for tests (one request per POST, as a node's RPC routes take them),
 * optionally with the node's API token. {@link #call} returns the whole response object, error or result, and
 * fails only when the HTTP exchange itself does.
 */
public final class HttpRpcClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final Optional<String> token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicLong ids = new AtomicLong();

    /** A client of {@code endpoint}, sending {@code Authorization: Bearer <token>} when a token is given. */
    public HttpRpcClient(URI endpoint, Optional<String> token) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.token = Objects.requireNonNull(token, "token");
    }

    /** Calls {@code method} with positional params (each turned into JSON by Jackson). */
    public JsonNode call(String method, Object... params) {
        ArrayNode array = JSON.createArrayNode();
        for (Object p : params) {
            array.add(JSON.valueToTree(p));
        }
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", ids.incrementAndGet())
                .put("method", method);
        request.set("params", array);
        HttpResponse<String> response = post(request.toString());
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " with a body that is not JSON: "
                    + response.body(), e);
        }
    }

    /** POSTs {@code body} as it is and returns the HTTP response; for malformed or oversized requests. */
    public HttpResponse<String> post(String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + endpoint + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during POST " + endpoint, e);
        }
    }
}
