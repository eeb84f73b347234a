package io.quarry.poies.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.http.Http;
import io.quarry.api.limit.RateLimit;
import io.quarry.api.limit.RateLimiter;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.model.ShareDigest;
import io.quarry.poies.node.ShareSource;
import io.quarry.poies.node.SubmitResult;
import io.quarry.testing.HostileInput;
import io.quarry.testkit.TestNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The poies methods on the kernel's JSON-RPC over HTTP POST, on a real node's HTTP port, in front of a fake chain. */
class PoiesRpcRouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final FakeNode node = new FakeNode(new RateLimiter(new RateLimit(0, 1), new RateLimit(0, 1)));
    private TestNode quarry;
    private RpcPlugin plugin;

    @BeforeEach
    void start() {
        quarry = start(node);
    }

    @AfterEach
    void stop() {
        quarry.close();
    }

    private TestNode start(FakeNode fake) {
        return TestNode.builder(dir.resolve("node-" + System.identityHashCode(fake)))
                .plugin("poies-rpc", () -> plugin = new RpcPlugin(fake)).start();
    }

    /** Mounts the methods in front of the fake node, as the plugin does in front of the real one. */
    static final class RpcPlugin implements QuarryPlugin {
        private final FakeNode fake;
        MeterRegistry registry;

        RpcPlugin(FakeNode fake) {
            this.fake = fake;
        }

        @Override
        public void init(NodeContext context) {
            registry = context.metrics().registry();
            PoiesRpcMethods.mount(context.jsonRpc(), fake, Http.Access.OPEN);
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void getHeadAnswersHeightAndHash() throws Exception {
        JsonNode answer = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_getHead\",\"params\":[]}", 200);
        assertThat(answer.get("id").asInt()).isEqualTo(1);
        assertThat(answer.get("result").get("height").asLong()).isEqualTo(1);
        assertThat(answer.get("result").get("hash").asText()).isEqualTo(node.one.hash().toString());
        assertThat(answer.get("result").get("thetaMicro").asLong()).isEqualTo(2_000_000);
    }

    @Test
    void blockDataShowsProofsWithTypeAndPsi() throws Exception {
        JsonNode byHeight = call(request("chain_getBlockByHeight", "[1]"), 200).get("result");
        assertThat(byHeight.get("hash").asText()).isEqualTo(node.one.hash().toString());
        assertThat(byHeight.get("proofs")).hasSize(2);
        assertThat(byHeight.get("proofs").get(1).get("type").asText()).isEqualTo("ai");
        assertThat(byHeight.get("proofs").get(1).get("psiMicro").asLong()).isEqualTo(400_000);
        assertThat(byHeight.get("proofs").get(1).get("psi").decimalValue()).isEqualByComparingTo("0.4");
        assertThat(byHeight.get("scoreMicro").asLong()).isEqualTo(2_150_000);
        assertThat(PoiesJson.blockFromTree(byHeight.get("block"))).isEqualTo(node.one);

        JsonNode byHash = call(request("chain_getBlockByHash", "{\"hash\":\"" + node.one.hash() + "\"}"), 200);
        assertThat(byHash.get("result").get("height").asLong()).isEqualTo(1);
        assertThat(call(request("chain_getBlockByHeight", "[7]"), 200).get("result").isNull()).isTrue();
    }

    @Test
    void getWorkIsTheSeedTemplate() throws Exception {
        JsonNode work = call(request("miner_getWork", "[]"), 200).get("result");
        assertThat(PoiesJson.templateFromTree(work)).isEqualTo(node.work.template());
        JsonNode target = call(request("miner_getShareTarget", "[]"), 200).get("result");
        assertThat(target.get("dRatioPpm").asLong()).isEqualTo(100_000);
        assertThat(target.get("templateId").asText()).isEqualTo(node.work.templateId());
    }

    @Test
    void submitShareHandsTheEnvelopeToTheNodeWithThePeer() throws Exception {
        String envelope = PoiesJson.toJson(share());
        JsonNode answer = call(request("miner_submitShare", "[" + envelope + "]"), 200);
        assertThat(answer.get("result").get("status").asText()).isEqualTo("accepted");
        assertThat(answer.get("result").get("dRatioPpm").asLong()).isEqualTo(1234);
        assertThat(node.shares).containsExactly(share());
        assertThat(node.sources).containsExactly(new ShareSource(ShareSource.RPC, "127.0.0.1"));
    }

    @Test
    void refusedSharesAnswerWithTheReason() throws Exception {
        node.next = SubmitResult.rejected(SubmitResult.DUPLICATE, "nullifier 0x.. was already admitted");
        JsonNode error = call(request("miner_submitShare", "[" + PoiesJson.toJson(share()) + "]"), 200).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32015);
        assertThat(error.get("data").get("reason").asText()).isEqualTo("duplicate");
        assertThat(error.get("message").asText()).contains("already admitted");
    }

    @Test
    void malformedSharesAreSchemaErrorsWithoutReachingTheNode() throws Exception {
        JsonNode error = call(request("miner_submitShare", "[{\"type_id\":\"hashshare:v1\",\"body\":{}}]"), 200)
                .get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32602);
        assertThat(error.get("data").get("reason").asText()).isEqualTo("schema");
        assertThat(node.shares).isEmpty();
        assertThat(node.rejectedByFront).containsExactly("schema");
    }

    @Test
    void protocolErrorsArePrecise() throws Exception {
        assertThat(code(call("{not json", 400))).isEqualTo(-32700);
        assertThat(code(call("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_getHead\"}]", 400))).isEqualTo(-32600);
        assertThat(call("[]", 400).get("error").get("message").asText()).contains("batch");
        assertThat(code(call("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"chain_getHead\"}", 400))).isEqualTo(-32600);
        assertThat(code(call("{\"jsonrpc\":\"2.0\",\"id\":1}", 400))).isEqualTo(-32600);
        assertThat(code(call("{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"chain_getHead\"}", 400))).isEqualTo(-32600);
        assertThat(code(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"extra\":1}", 400))).isEqualTo(-32600);
        assertThat(code(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"chain_getHead\"}", 400)))
                .isEqualTo(-32700);
        assertThat(code(call(request("eth_mining", "[]"), 200))).isEqualTo(-32601);
        assertThat(code(call(request("chain_getBlockByHeight", "[-1]"), 200))).isEqualTo(-32602);
        assertThat(code(call(request("chain_getBlockByHeight", "[\"1\"]"), 200))).isEqualTo(-32602);
        assertThat(code(call(request("chain_getBlockByHash", "[\"0x12\"]"), 200))).isEqualTo(-32602);
        assertThat(code(call(request("chain_getHead", "[1]"), 200))).isEqualTo(-32602);
        assertThat(code(call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_getHead\",\"params\":5}", 400)))
                .isEqualTo(-32600);
        assertThat(call("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"x\"}", 200).get("id").asText()).isEqualTo("a");
    }

    @Test
    void numbersJacksonCannotHoldAreParseErrorsCountedLikeOtherBadInput() throws Exception {
        assertThat(code(call("{not json", 400))).isEqualTo(-32700);
        for (String number : List.of("1e9999999990000", "-1e-9999999990000", "1E2147483649", "9".repeat(101))) {
            JsonNode answer = call("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"chain_getBlockByHeight\",\"params\":["
                    + number + "]}", 400);
            assertThat(code(answer)).as(number).isEqualTo(-32700);
            assertThat(answer.get("id").isNull()).isTrue();
            assertThat(answer.get("error").get("message").asText()).doesNotContain(number);
            assertThat(code(call("{\"jsonrpc\":\"2.0\",\"id\":" + number + ",\"method\":\"chain_getHead\"}", 400)))
                    .isEqualTo(-32700);
        }
        assertThat(errors("parse_error")).isEqualTo(9);
    }

    @Test
    void idsMustBeStringsOrLongIntegers() throws Exception {
        // A number that parses but is no usable id (1e999999999 would be written back as a billion digits).
        for (String id : List.of("1e999999999", "1.5", "18446744073709551616")) {
            JsonNode answer = call("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"chain_getHead\"}", 400);
            assertThat(code(answer)).as(id).isEqualTo(-32600);
            assertThat(answer.get("id").isNull()).isTrue();
        }
        assertThat(call(request("chain_getHead", "[]").replace("\"id\":7", "\"id\":-9223372036854775808"), 200)
                .get("id").asLong()).isEqualTo(Long.MIN_VALUE);
        assertThat(errors("invalid_request")).isEqualTo(3);
    }

    @Test
    void notificationsRunWithoutAnAnswer() {
        HttpResponse<String> response = post("{\"jsonrpc\":\"2.0\",\"method\":\"miner_submitShare\",\"params\":["
                + PoiesJson.toJson(share()) + "]}");
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(node.shares).hasSize(1);
    }

    @Test
    void refusesOversizeAndDeepBodies() throws Exception {
        byte[] big = new byte[PoiesRpcMethods.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        assertThat(post(big).statusCode()).isEqualTo(413);
        // Deeper than the node's JSON reader takes (64 levels).
        String deep = "[".repeat(70) + "]".repeat(70);
        assertThat(code(call(request("miner_submitShare", deep), 400))).isEqualTo(-32700);
    }

    @Test
    void rateLimitsPerPeer() throws Exception {
        quarry.close();
        quarry = start(new FakeNode(new RateLimiter(new RateLimit(0.001, 2), new RateLimit(0, 1))));
        String head = request("chain_getHead", "[]");
        assertThat(post(head).statusCode()).isEqualTo(200);
        assertThat(post(head).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = post(head);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(code(JSON.readTree(refused.body()))).isEqualTo(-32005);
    }

    @Test
    void hostileBodiesNeverEscapeAsExceptions() throws Exception {
        List<byte[]> samples = new ArrayList<>();
        samples.add(request("miner_submitShare", "[" + PoiesJson.toJson(share()) + "]").getBytes(StandardCharsets.UTF_8));
        samples.add(request("chain_getBlockByHash", "[\"" + node.one.hash() + "\"]").getBytes(StandardCharsets.UTF_8));
        samples.add(request("chain_getBlockByHeight", "{\"height\":1}").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < HostileInput.cases(2000); i++) {
            HostileInput input = HostileInput.forCase(i);
            byte[] body = i % 5 == 0 ? input.noise(512) : input.mutate(samples);
            HttpResponse<String> response = post(body);
            assertThat(response.statusCode()).as("case %d", i).isIn(200, 204, 400);
            if (response.statusCode() != 204) {
                assertThat(JSON.readTree(response.body()).path("jsonrpc").asText()).as("case %d", i).isEqualTo("2.0");
            }
        }
    }

    /** The kernel's count of requests this route refused for {@code reason}. */
    private long errors(String reason) {
        return (long) plugin.registry.find("quarry.jsonrpc.errors").tag("server", PoiesRpcMethods.PATH)
                .tag("reason", reason).counters().stream().mapToDouble(Counter::count).sum();
    }

    private ProofEnvelope share() {
        var template = node.work.template();
        Bytes digest = ShareDigest.compute(template, 42);
        return HashShare.of(template, 42, digest, 5).toEnvelope();
    }

    private static String request(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    private JsonNode call(String body, int status) throws Exception {
        HttpResponse<String> response = post(body);
        assertThat(response.statusCode()).as(body).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static int code(JsonNode answer) {
        return answer.get("error").get("code").asInt();
    }

    private HttpResponse<String> post(String body) {
        return post(body.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(byte[] body) {
        return quarry.send(HttpRequest.newBuilder(quarry.baseUri().resolve("/api/v1/poies-rpc/rpc"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }
}
