package io.quarry.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.http.Http;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** A JSON-RPC 2.0 route over HTTP POST with one method, {@code sum}, for tests of {@link HttpRpcClient}. */
public final class SumRpcPlugin implements QuarryPlugin {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void init(NodeContext context) {
        context.http().route(HttpMethod.POST, "rpc", Http.Access.TOKEN, request -> {
            JsonNode call = JSON.readTree(request.bodyText());
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("jsonrpc", "2.0");
            response.put("id", call.path("id").asLong());
            if (call.path("method").asText().equals("sum")) {
                long sum = 0;
                for (JsonNode n : call.path("params")) {
                    sum += n.asLong();
                }
                response.put("result", sum);
            } else {
                response.put("error", Map.of("code", -32601, "message", "method not found"));
            }
            return HttpResponse.ok(response);
        });
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }
}
