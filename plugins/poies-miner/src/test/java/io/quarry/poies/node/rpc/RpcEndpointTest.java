package io.quarry.poies.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpRequest;
import io.quarry.api.http.HttpResponse;
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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RpcEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String PREFIX = "quarry.poies.miner.rpc";

    private final FakeNode node = new FakeNode(new RateLimiter(new RateLimit(0, 1), new RateLimit(0, 1)));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RpcEndpoint endpoint = new RpcEndpoint(node, registry, PREFIX);

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
        assertThat(node.sources).containsExactly(new ShareSource(ShareSource.RPC, "10.1.2.3"));
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
        HttpResponse response = endpoint.handle(post("{\"jsonrpc\":\"2.0\",\"method\":\"miner_submitShare\",\"params\":["
                + PoiesJson.toJson(share()) + "]}"));
        assertThat(response.status()).isEqualTo(204);
        assertThat(node.shares).hasSize(1);
    }

    @Test
    void refusesOversizeAndDeepBodies() throws Exception {
        byte[] big = new byte[RpcEndpoint.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse response = endpoint.handle(post(big));
        assertThat(response.status()).isEqualTo(413);
        String deep = "[".repeat(RpcEndpoint.MAX_DEPTH + 5) + "]".repeat(RpcEndpoint.MAX_DEPTH + 5);
        assertThat(code(call(request("miner_submitShare", deep), 400))).isEqualTo(-32700);
    }

    @Test
    void rateLimitsPerPeer() throws Exception {
        RpcEndpoint limited = new RpcEndpoint(new FakeNode(new RateLimiter(new RateLimit(1, 2), new RateLimit(0, 1))), registry, PREFIX);
        String head = request("chain_getHead", "[]");
        assertThat(limited.handle(post(head)).status()).isEqualTo(200);
        assertThat(limited.handle(post(head)).status()).isEqualTo(200);
        HttpResponse refused = limited.handle(post(head));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(code(JSON.readTree(refused.body()))).isEqualTo(-32005);
    }

    @Test
    void hostileBodiesNeverEscapeAsExceptions() {
        List<byte[]> samples = new ArrayList<>();
        samples.add(request("miner_submitShare", "[" + PoiesJson.toJson(share()) + "]").getBytes(StandardCharsets.UTF_8));
        samples.add(request("chain_getBlockByHash", "[\"" + node.one.hash() + "\"]").getBytes(StandardCharsets.UTF_8));
        samples.add(request("chain_getBlockByHeight", "{\"height\":1}").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < HostileInput.cases(2000); i++) {
            HostileInput input = HostileInput.forCase(i);
            byte[] body = i % 5 == 0 ? input.noise(512) : input.mutate(samples);
            HttpResponse response = endpoint.handle(post(body));
            assertThat(response.status()).as("case %d", i).isIn(200, 204, 400);
            if (response.status() != 204) {
                assertThat(response.body()).as("case %d", i).isNotEmpty();
            }
        }
    }

    private long errors(String reason) {
        Counter counter = registry.find(PREFIX + ".errors").tag("reason", reason).counter();
        return counter == null ? 0 : (long) counter.count();
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
        HttpResponse response = endpoint.handle(post(body));
        assertThat(response.status()).as(body).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static int code(JsonNode answer) {
        return answer.get("error").get("code").asInt();
    }

    private static HttpRequest post(String body) {
        return post(body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequest post(byte[] body) {
        return new HttpRequest(HttpMethod.POST, "/api/v1/poies-miner/rpc", Map.of(), Map.of(), Map.of(), body,
                new InetSocketAddress("10.1.2.3", 5555));
    }
}
