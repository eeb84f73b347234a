package io.quarry.poies.miner;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.poies.ws.RpcCodec;
import io.quarry.poies.ws.RpcMessage;
import io.quarry.poies.ws.RpcProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JSON-RPC 2.0 over HTTP POST to a node's {@code /api/v1/poies-miner/rpc}: one request per POST, as the node
 * serves it. Answers are read up to {@link #MAX_ANSWER_BYTES} and must be a JSON-RPC response to the request's id;
 * the node answers refusals (rate limit, bad request) with a JSON-RPC error body under a 4xx status, which is read
 * like any other answer. Thread-safe.
 */
public final class RpcClient implements AutoCloseable {

    /** Largest answer read: a block with its proofs is well under this. */
    public static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    private final URI uri;
    private final Optional<String> apiToken;
    private final Duration timeout;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param uri the node's RPC URL ({@code http://host:port/api/v1/poies-miner/rpc})
     * @param apiToken the node's API token, when its RPC route needs one
     * @param timeout how long one call may take
     */
    public RpcClient(URI uri, Optional<String> apiToken, Duration timeout) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.apiToken = Objects.requireNonNull(apiToken, "apiToken");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The node's URL. */
    public URI uri() {
        return uri;
    }

    /**
     * Calls {@code method} and returns its answer: a result or a JSON-RPC error ({@link RpcMessage#isError()}).
     *
     * @param params an array or object, or null for none
     * @throws UpstreamException when the node cannot be reached or does not answer with JSON-RPC
     */
    public RpcMessage call(String method, JsonNode params) throws UpstreamException {
        long id = ids.incrementAndGet();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RpcCodec.request(id, method, params)));
        apiToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UpstreamException(method + " to " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException(method + " to " + uri + " interrupted", e);
        }
        String body = read(response, method);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new UpstreamException(uri + " refused " + method + " (HTTP " + response.statusCode()
                    + "): pass the node's API token (--api-token-file) or set its poies-miner.rpc_access to \"open\"");
        }
        RpcMessage answer;
        try {
            answer = RpcCodec.read(body, MAX_ANSWER_BYTES);
        } catch (RpcProtocolException e) {
            throw new UpstreamException(uri + " answered " + method + " with HTTP " + response.statusCode()
                    + " and no JSON-RPC response: " + e.getMessage());
        }
        if (answer.isCall() || !answer.id().canConvertToLong() || answer.id().longValue() != id) {
            throw new UpstreamException(uri + " answered " + method + " with something other than its response");
        }
        return answer;
    }

    /**
     * Calls {@code method} and returns its result.
     *
     * @throws RemoteError when the node answered with a JSON-RPC error
     * @throws UpstreamException when the node cannot be reached
     */
    public JsonNode result(String method, JsonNode params) throws UpstreamException {
        RpcMessage answer = call(method, params);
        if (answer.isError()) {
            throw new RemoteError(method, answer.error());
        }
        return answer.result();
    }

    private String read(HttpResponse<InputStream> response, String method) throws UpstreamException {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
            if (bytes.length > MAX_ANSWER_BYTES) {
                throw new UpstreamException(uri + " answered " + method + " with more than " + MAX_ANSWER_BYTES
                        + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UpstreamException("reading the answer to " + method + " from " + uri + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /** The node answered a call with a JSON-RPC error. */
    public static final class RemoteError extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final int code;

        RemoteError(String method, JsonNode error) {
            super(method + " failed: " + error.path("message").asText() + " (code " + error.path("code").asInt()
                    + ")");
            this.code = error.path("code").asInt();
        }

        /** The JSON-RPC error code. */
        public int code() {
            return code;
        }
    }
}
