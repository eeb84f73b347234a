package io.quarry.fleet.process;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.fleet.FleetJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A client of one XMRig's HTTP API on loopback, authenticated by its access token: reads {@code /2/summary}
 * and pauses or resumes mining through {@code POST /json_rpc} (methods {@code pause} and {@code resume}).
 */
public final class XmrigClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_BODY = 1 << 20;

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /**
     * @param base {@code http://127.0.0.1:<port>}
     * @param token the access token; empty for an API without one
     */
    public XmrigClient(URI base, String token) {
        this.base = Objects.requireNonNull(base, "base");
        this.token = Objects.requireNonNull(token, "token");
    }

    /** The current summary. */
    public XmrigSummary summary() throws IOException {
        return XmrigSummary.of(send(HttpRequest.newBuilder(base.resolve("/2/summary")).GET()));
    }

    /** Pauses mining (the process keeps running and its dataset stays ready). */
    public void pause() throws IOException {
        rpc("pause");
    }

    /** Resumes mining after {@link #pause()}. */
    public void resume() throws IOException {
        rpc("resume");
    }

    private void rpc(String method) throws IOException {
        JsonNode reply = send(HttpRequest.newBuilder(base.resolve("/json_rpc"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(FleetJson.write(
                        Map.of("jsonrpc", "2.0", "id", 1, "method", method)))));
        if (reply.hasNonNull("error")) {
            throw new IOException("XMRig refused " + method + ": " + reply.get("error"));
        }
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException {
        request.timeout(TIMEOUT);
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<java.io.InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        byte[] body;
        // Read at most one byte past the limit, so a runaway answer is refused without being held.
        try (java.io.InputStream in = response.body()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (response.statusCode() != 200) {
            throw new IOException("XMRig API at " + base + " answered " + response.statusCode()
                    + (response.statusCode() == 401 || response.statusCode() == 403 ? " (wrong access token?)" : ""));
        }
        if (body.length > MAX_BODY) {
            throw new IOException("XMRig API answer larger than " + MAX_BODY + " bytes");
        }
        try {
            return FleetJson.mapper().readTree(body);
        } catch (IOException e) {
            throw new IOException("XMRig API answered something that is not JSON: " + e.getMessage(), e);
        }
    }
}
