package io.quarry.randomx.daemon;

import com.sun.net.httpserver.HttpServer;
import io.quarry.api.jsonrpc.JsonRpcValue;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for monerod's {@code /json_rpc} on loopback: each method answers from a function of its params
 * (a result object, or a {@link Failure} for a JSON-RPC error), and every call is recorded.
 */
final class FakeMonerod implements AutoCloseable {

    /** Answer a call with a JSON-RPC error. */
    record Failure(int code, String message) {
    }

    /** A call as received. */
    record Call(String method, JsonRpcValue params) {
    }

    private final HttpServer server;
    private final Map<String, Function<JsonRpcValue, Object>> methods = new ConcurrentHashMap<>();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile String rawAnswer;
    volatile int status = 200;

    FakeMonerod() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/json_rpc", exchange -> {
            JsonRpcValue request = new JsonRpcValue("request", DaemonJson.parse(exchange.getRequestBody().readAllBytes()));
            String method = request.get("method").asString();
            JsonRpcValue params = request.get("params");
            calls.add(new Call(method, params));
            String answer;
            if (rawAnswer != null) {
                answer = rawAnswer;
            } else {
                Map<String, Object> response = new LinkedHashMap<>();
                response.put("id", request.get("id").value());
                response.put("jsonrpc", "2.0");
                Function<JsonRpcValue, Object> handler = methods.get(method);
                Object result = handler == null ? new Failure(-32601, "Method not found") : handler.apply(params);
                if (result instanceof Failure f) {
                    response.put("error", Map.of("code", f.code(), "message", f.message()));
                } else {
                    response.put("result", result);
                }
                answer = DaemonJson.write(response);
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    void answer(String method, Function<JsonRpcValue, Object> handler) {
        methods.put(method, handler);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** A get_block_template answer over the documented v16 template. */
    static Map<String, Object> template(long height, Object difficulty, String wideDifficulty) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("blockhashing_blob", MoneroVectors.HASHING_V16);
        result.put("blocktemplate_blob", MoneroVectors.TEMPLATE_V16);
        result.put("difficulty", difficulty);
        if (wideDifficulty != null) {
            result.put("wide_difficulty", wideDifficulty);
        }
        result.put("height", height);
        result.put("prev_hash", MoneroVectors.PREV_V16);
        result.put("reserved_offset", MoneroVectors.RESERVED_OFFSET_V16);
        result.put("seed_hash", MoneroVectors.SEED_V16);
        result.put("status", "OK");
        result.put("untrusted", false);
        return result;
    }

    static Map<String, Object> info(long height, String topHash) {
        return Map.of("height", height, "top_block_hash", topHash, "status", "OK");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
