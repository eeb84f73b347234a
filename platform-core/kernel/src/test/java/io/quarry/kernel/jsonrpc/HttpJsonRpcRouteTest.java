package io.quarry.kernel.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.api.http.Http;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcHttpClient;
import io.quarry.api.jsonrpc.JsonRpcHttpClientSettings;
import io.quarry.api.jsonrpc.JsonRpcLimits;
import io.quarry.api.jsonrpc.JsonRpcMethods;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import io.quarry.api.jsonrpc.JsonRpcRouteSettings;
import io.quarry.api.jsonrpc.JsonRpcTransportException;
import io.quarry.api.limit.RateLimit;
import io.quarry.api.limit.RateLimiter;
import io.quarry.testing.HostileInput;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HttpJsonRpcRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient RAW = HttpClient.newHttpClient();

    private static JsonRpcRouteSettings open(String name) {
        return JsonRpcRouteSettings.of(name, name).withAccess(Http.Access.OPEN);
    }

    @Test
    void answersRequestsThroughTheMethodTableWithTheApiClient() throws Exception {
        try (RouteFixture f = new RouteFixture()) {
            var route = f.rpc.serveHttp(open("rpc"), session -> TestMethods.methods());
            f.start();
            assertThat(route.path()).isEqualTo("/api/v1/demo/rpc");
            try (JsonRpcHttpClient client = new JsonRpcHttpClient(JsonRpcHttpClientSettings.of(f.http("rpc")))) {
                assertThat(client.call("add", List.of(2, 40)).asLong()).isEqualTo(42);
                assertThat(client.call("echo", Map.of("a", List.of(1, "x"))).get("a").get(1).asString())
                        .isEqualTo("x");
                assertThatThrownBy(() -> client.call("nope", null)).isInstanceOfSatisfying(JsonRpcException.class,
                        e -> assertThat(e.code()).isEqualTo(-32601));
                assertThatThrownBy(() -> client.call("boom", null)).isInstanceOfSatisfying(JsonRpcException.class,
                        e -> assertThat(e.error().message()).startsWith("Internal error (error id ")
                                .doesNotContain("secret"));
            }
            assertThat(f.requests("add", "ok")).isEqualTo(1);
            assertThat(f.requests("unknown", "not_found")).isEqualTo(1);
            assertThat(f.requests("boom", "internal")).isEqualTo(1);
        }
    }

    @Test
    void everyPostIsItsOwnSessionThatEndsWithTheAnswer() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        try (RouteFixture f = new RouteFixture()) {
            f.rpc.serveHttp(open("rpc"), session -> new JsonRpcMethods(Map.of("who", (s, r) -> {
                events.add("call " + s.id() + " push=" + s.notify("x", null));
                return s.remote().getAddress().getHostAddress();
            }), (s, reason) -> events.add("close " + s.id() + " " + reason)));
            f.start();
            try (JsonRpcHttpClient client = new JsonRpcHttpClient(JsonRpcHttpClientSettings.of(f.http("rpc")))) {
                assertThat(client.call("who", null).asString()).isEqualTo("127.0.0.1");
                client.call("who", null);
            }
            assertThat(events).containsExactly("call rpc-1 push=false", "close rpc-1 answered",
                    "call rpc-2 push=false", "close rpc-2 answered");
        }
    }

    @Test
    void notificationsRunAndGetNoContent() throws Exception {
        List<JsonRpcRequest> seen = new CopyOnWriteArrayList<>();
        try (RouteFixture f = new RouteFixture()) {
            f.rpc.serveHttp(open("rpc"), session -> new JsonRpcMethods(Map.of("tick", (s, r) -> {
                seen.add(r);
                return null;
            })));
            f.start();
            HttpResponse<String> response = post(f.http("rpc"), "{\"jsonrpc\":\"2.0\",\"method\":\"tick\",\"params\":[1]}");
            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(response.body()).isEmpty();
            try (JsonRpcHttpClient client = new JsonRpcHttpClient(JsonRpcHttpClientSettings.of(f.http("rpc")))) {
                client.notify("tick", List.of(2));
            }
            assertThat(seen).extracting(r -> r.params().get(0).asLong()).containsExactly(1L, 2L);
        }
    }

    @Test
    void refusesWhatIsNotOneJsonRpc2RequestWithPreciseCodes() throws Exception {
        try (RouteFixture f = new RouteFixture()) {
            f.rpc.serveHttp(open("rpc"), session -> TestMethods.methods());
            f.start();
            URI uri = f.http("rpc");
            assertThat(code(post(uri, "{not json"), 400)).isEqualTo(-32700);
            assertThat(code(post(uri, "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"echo\"}"), 400))
                    .isEqualTo(-32700);
            assertThat(code(post(uri, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\"} {}"), 400)).isEqualTo(-32700);
            JsonNode batch = answer(post(uri, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\"}]"), 400);
            assertThat(batch.path("error").path("code").asInt()).isEqualTo(-32600);
            assertThat(batch.path("error").path("message").asText()).contains("batch");
            assertThat(code(post(uri, "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"echo\"}"), 400)).isEqualTo(-32600);
            assertThat(code(post(uri, "{\"id\":1,\"method\":\"echo\"}"), 400)).isEqualTo(-32600);
            assertThat(code(post(uri, "{\"jsonrpc\":\"2.0\",\"id\":1}"), 400)).isEqualTo(-32600);
            assertThat(code(post(uri, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"x\":1}"), 400))
                    .isEqualTo(-32600);
            assertThat(code(post(uri, "{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"echo\"}"), 400)).isEqualTo(-32600);
            assertThat(code(post(uri, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":5}"), 400))
                    .isEqualTo(-32600);
            assertThat(code(post(uri, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + "m".repeat(65) + "\"}"), 400))
                    .isEqualTo(-32601);
            for (String id : List.of("1e999999999", "1.5", "18446744073709551616", "\"" + "i".repeat(129) + "\"")) {
                JsonNode refused = answer(post(uri, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"echo\"}"), 400);
                assertThat(refused.path("error").path("code").asInt()).as(id).isEqualTo(-32600);
                assertThat(refused.get("id").isNull()).as(id).isTrue();
            }
            JsonNode echoedId = answer(post(uri, "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"x\"}"), 200);
            assertThat(echoedId.get("id").asText()).isEqualTo("a");
            assertThat(f.errors("parse_error")).isEqualTo(3);
            assertThat(f.errors("invalid_request")).isEqualTo(12);
        }
    }

    @Test
    void numbersNoDecimalCanHoldAreParseErrorsThatDoNotQuoteTheInput() throws Exception {
        try (RouteFixture f = new RouteFixture()) {
            f.rpc.serveHttp(open("rpc"), session -> TestMethods.methods());
            f.start();
            for (String number : List.of("1e9999999990000", "-1e-9999999990000", "1E2147483649", "9".repeat(101))) {
                JsonNode refused = answer(post(f.http("rpc"), "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"echo\","
                        + "\"params\":[" + number + "]}"), 400);
                assertThat(refused.path("error").path("code").asInt()).as(number).isEqualTo(-32700);
                assertThat(refused.get("id").isNull()).isTrue();
                assertThat(refused.path("error").path("message").asText()).doesNotContain(number);
            }
        }
    }

    @Test
    void decimalsReachTheHandlerExactly() throws Exception {
        try (RouteFixture f = new RouteFixture()) {
            List<Object> seen = new CopyOnWriteArrayList<>();
            f.rpc.serveHttp(open("rpc"), session -> new JsonRpcMethods(Map.of("d", (s, r) -> {
                seen.add(r.params().get(0).value());
                return r.params();
            })));
            f.start();
            JsonNode answer = answer(post(f.http("rpc"), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"d\","
                    + "\"params\":[0.10]}"), 200);
            assertThat(seen).containsExactly(new BigDecimal("0.10"));
            assertThat(answer.path("result").get(0).decimalValue()).isEqualByComparingTo("0.1");
        }
    }

    @Test
    void refusesOversizeBodies() throws Exception {
        try (RouteFixture f = new RouteFixture()) {
            f.rpc.serveHttp(open("rpc").withLimits(JsonRpcLimits.DEFAULTS.withMaxLineBytes(1024)),
                    session -> TestMethods.methods());
            f.start();
            String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[\"" + "x".repeat(2000) + "\"]}";
            assertThat(code(post(f.http("rpc"), big), 413)).isEqualTo(-32600);
            assertThat(f.errors("too_large")).isEqualTo(1);
        }
    }

    @Test
    void rateLimitsEachPeerWith429AndTellsTheHandlerNothingItDidNotParse() throws Exception {
        try (RouteFixture f = new RouteFixture()) {
            f.rpc.serveHttp(open("rpc").withLimits(JsonRpcLimits.DEFAULTS.withRate(1, 2)),
                    session -> TestMethods.methods());
            f.start();
            String add = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"add\",\"params\":[1,2]}";
            assertThat(post(f.http("rpc"), add).statusCode()).isEqualTo(200);
            assertThat(post(f.http("rpc"), add).statusCode()).isEqualTo(200);
            JsonNode refused = answer(post(f.http("rpc"), add), 429);
            assertThat(refused.path("error").path("code").asInt()).isEqualTo(-32005);
            assertThat(refused.path("error").path("data").path("scope").asText()).isEqualTo("peer");
            assertThat(f.errors("rate_limited")).isEqualTo(1);
            f.clock.advance(java.time.Duration.ofSeconds(1)); // one token at 1 per second
            assertThat(post(f.http("rpc"), add).statusCode()).isEqualTo(200);
            assertThat(post(f.http("rpc"), add).statusCode()).isEqualTo(429);
            try (JsonRpcHttpClient client = new JsonRpcHttpClient(JsonRpcHttpClientSettings.of(f.http("rpc")))) {
                assertThatThrownBy(() -> client.call("add", List.of(1, 2)))
                        .isInstanceOfSatisfying(JsonRpcException.class, e -> assertThat(e.code()).isEqualTo(-32005));
            }
        }
    }

    @Test
    void aSharedLimiterIsOneBudgetAcrossRoutes() throws Exception {
        RateLimiter shared = new RateLimiter(new RateLimit(0.001, 1), RateLimit.OFF);
        try (RouteFixture f = new RouteFixture()) {
            f.rpc.serveHttp(open("a").withRateLimiter(shared), session -> TestMethods.methods());
            f.rpc.serveHttp(open("b").withRateLimiter(shared), session -> TestMethods.methods());
            f.start();
            String add = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"add\",\"params\":[1,2]}";
            assertThat(post(f.http("a"), add).statusCode()).isEqualTo(200);
            assertThat(post(f.http("b"), add).statusCode()).isEqualTo(429);
        }
    }

    @Test
    void tokenRoutesRefuseCallersWithoutTheToken() throws Exception {
        try (RouteFixture f = new RouteFixture()) {
            f.rpc.serveHttp(JsonRpcRouteSettings.of("rpc", "rpc"), session -> TestMethods.methods());
            f.start();
            JsonRpcHttpClientSettings settings = JsonRpcHttpClientSettings.of(f.http("rpc"));
            try (JsonRpcHttpClient anonymous = new JsonRpcHttpClient(settings);
                 JsonRpcHttpClient trusted = new JsonRpcHttpClient(settings.withBearerToken(
                         Optional.of(RouteFixture.TOKEN)))) {
                assertThatThrownBy(() -> anonymous.call("add", List.of(1, 1)))
                        .isInstanceOfSatisfying(JsonRpcTransportException.class,
                                e -> assertThat(e.kind()).isEqualTo(JsonRpcTransportException.Kind.UNAUTHORIZED));
                assertThat(trusted.call("add", List.of(1, 1)).asLong()).isEqualTo(2);
            }
        }
    }

    @Test
    void theClientSaysWhenNothingListens() {
        try (JsonRpcHttpClient client = new JsonRpcHttpClient(JsonRpcHttpClientSettings.of(
                URI.create("http://127.0.0.1:1/rpc")))) {
            assertThatThrownBy(() -> client.call("x", null)).isInstanceOfSatisfying(JsonRpcTransportException.class,
                    e -> assertThat(e.kind()).isEqualTo(JsonRpcTransportException.Kind.NOT_CONNECTED));
        }
    }

    @Test
    void routeNamesAreUniqueWithinAPluginAndNeedAnHttpServer() {
        try (RouteFixture f = new RouteFixture()) {
            f.rpc.serveHttp(open("rpc"), session -> TestMethods.methods());
            assertThatThrownBy(() -> f.rpc.serveWebSocket(open("rpc"), session -> TestMethods.methods()))
                    .hasMessageContaining("already has");
            PluginJsonRpc bare = f.kernel.forPlugin("bare", f.registry);
            assertThatThrownBy(() -> bare.serveHttp(open("rpc"), session -> TestMethods.methods()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no HTTP server");
        }
    }

    @Test
    void hostileBodiesAreAnsweredNeverEscapeAndKeepTheRouteServing() throws Exception {
        try (RouteFixture f = new RouteFixture()) {
            f.rpc.serveHttp(open("rpc").withLimits(JsonRpcLimits.DEFAULTS.withRate(0, 1).withGlobalRate(0, 1)),
                    session -> TestMethods.methods());
            f.start();
            List<byte[]> samples = HostileInput.utf8(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"add\",\"params\":[1,2]}",
                    "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"login\",\"params\":{\"login\":\"w\"}}",
                    "{\"jsonrpc\":\"2.0\",\"method\":\"echo\",\"params\":[[{\"a\":1.5e3}]]}");
            int cases = HostileInput.cases(300);
            for (int i = 0; i < cases; i++) {
                HostileInput input = HostileInput.forCase(i);
                byte[] body = i % 5 == 0 ? input.noise(512) : input.mutate(samples);
                HttpResponse<String> response = RAW.send(HttpRequest.newBuilder(f.http("rpc"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("case %d", i).isIn(200, 204, 400);
                if (response.statusCode() != 204) {
                    assertThat(JSON.readTree(response.body()).has("jsonrpc")).as("case %d", i).isTrue();
                }
            }
            try (JsonRpcHttpClient client = new JsonRpcHttpClient(JsonRpcHttpClientSettings.of(f.http("rpc")))) {
                assertThat(client.call("add", List.of(1, 2)).asLong()).isEqualTo(3);
            }
            assertThat(f.errors("handler_failure")).isZero();
        }
    }

    private static HttpResponse<String> post(URI uri, String body) throws Exception {
        return RAW.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode answer(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static int code(HttpResponse<String> response, int status) throws Exception {
        return answer(response, status).path("error").path("code").asInt();
    }
}
