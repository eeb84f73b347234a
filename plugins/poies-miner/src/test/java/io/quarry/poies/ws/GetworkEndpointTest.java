package io.quarry.poies.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.http.Http;
import io.quarry.api.limit.RateLimit;
import io.quarry.api.limit.RateLimiter;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.node.ShareSource;
import io.quarry.poies.node.SubmitResult;
import io.quarry.poies.node.Work;
import io.quarry.testing.Eventually;
import io.quarry.testkit.TestNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WebSocket getwork (docs/plugins.md) on a real node's HTTP port, driven by a bare WebSocket client. */
class GetworkEndpointTest {

    private static final long THETA = 20_000_000;
    /** A share target of 5% of Θ: one nonce in e^1 ≈ 2.7 meets it. */
    private static final long TARGET_PPM = 50_000;

    @TempDir
    Path dir;

    private final Work first = Templates.work(7, "tpl-7-a", THETA);
    private final FakeNode fake = new FakeNode(first, TARGET_PPM);
    private TestNode node;
    private EdgePlugin plugin;

    @BeforeEach
    void start() {
        node = TestNode.builder(dir).plugin("poies-edge", () -> plugin = new EdgePlugin(fake)).start();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private WsTestClient client() throws Exception {
        return WsTestClient.connect(URI.create("ws://127.0.0.1:" + node.httpAddress().getPort()
                + "/api/v1/poies-edge/ws"));
    }

    @Test
    void subscribeAnswersThenSendsTheShareTargetAndTheTemplateInTheSeedShape() throws Exception {
        try (WsTestClient ws = client()) {
            JsonNode answer = ws.call("miner_subscribe", WsTestClient.params("newWork"));
            assertThat(answer.path("jsonrpc").asText()).isEqualTo("2.0");
            assertThat(answer.path("result").asText()).matches("0x[0-9a-f]{16}");

            JsonNode target = ws.next();
            assertThat(target.path("method").asText()).isEqualTo("miner.shareTarget");
            assertThat(target.has("id")).isFalse();
            assertThat(target.path("params").get(0).path("dRatioPpm").asLong()).isEqualTo(TARGET_PPM);
            assertThat(target.path("params").get(0).path("thetaMicro").asLong()).isEqualTo(THETA);
            assertThat(target.path("params").get(0).path("hMicro").asLong()).isEqualTo(1_000_000);
            assertThat(target.path("params").get(0).path("difficulty").asDouble()).isCloseTo(Math.E,
                    org.assertj.core.data.Offset.offset(1e-9));

            JsonNode work = ws.next();
            assertThat(work.path("method").asText()).isEqualTo("miner.newWork");
            assertThat(work.path("params").size()).isEqualTo(1);
            JsonNode template = work.path("params").get(0);
            assertThat(WsTestClient.JSON.readTree(template.toString()))
                    .isEqualTo(WsTestClient.JSON.readTree(PoiesJson.toJson(first.template())));
            assertThat(template.path("extra").path("templateId").asText()).isEqualTo("tpl-7-a");
            assertThat(template.path("nonceDomain").path("uDomainTag").asText()).isEqualTo("animica:u-draw:v1");
            assertThat(plugin.endpoint.subscriberCount()).isEqualTo(1);
        }
    }

    @Test
    void pushesNewWorkWhenTheNodeRotatesAndOnlyNewerWork() throws Exception {
        try (WsTestClient ws = client()) {
            ws.call("miner_subscribe", WsTestClient.params("newWork"));
            ws.notification("miner.shareTarget");
            ws.notification("miner.newWork");
            Work next = Templates.work(8, "tpl-8-a", THETA + 1_000_000);
            fake.rotate(next, true);
            JsonNode target = ws.notification("miner.shareTarget");
            assertThat(target.path("params").get(0).path("thetaMicro").asLong()).isEqualTo(THETA + 1_000_000);
            JsonNode pushed = ws.notification("miner.newWork");
            assertThat(pushed.path("params").get(0).path("height").asLong()).isEqualTo(8);
            assertThat(pushed.path("params").get(0).path("params").path("thetaMicro").asLong())
                    .isEqualTo(THETA + 1_000_000);
            // The same Θ and target: only the template is pushed.
            fake.rotate(Templates.work(8, "tpl-8-b", THETA + 1_000_000), false);
            JsonNode again = ws.next();
            assertThat(again.path("method").asText()).isEqualTo("miner.newWork");
            assertThat(again.path("params").get(0).path("extra").path("templateId").asText()).isEqualTo("tpl-8-b");
        }
    }

    @Test
    void acceptsAShareMeetingTheTargetAndSaysWhenItSealed() throws Exception {
        try (WsTestClient ws = client()) {
            long nonce = FakeNode.find(first, 0, ppm -> ppm >= TARGET_PPM && ppm < 1_000_000);
            JsonNode answer = submit(ws, FakeNode.share(first, nonce));
            assertThat(answer.path("result").path("status").asText()).as(answer.toString()).isEqualTo("accepted");
            assertThat(answer.path("result").path("dRatioPpm").asLong()).isGreaterThanOrEqualTo(TARGET_PPM);
            assertThat(answer.path("result").has("blockHash")).isFalse();
            assertThat(fake.sources()).containsExactly(new ShareSource(ShareSource.WS, "127.0.0.1"));

            // A work whose proofs already cover most of Θ: a share at 10% of Θ seals.
            Work rich = new Work(Templates.template(7, "tpl-7-rich", THETA), java.util.List.of(), THETA - 2_000_000);
            fake.rotate(rich, false);
            long deep = FakeNode.find(rich, 0, ppm -> ppm >= 100_000);
            JsonNode sealed = submit(ws, FakeNode.share(rich, deep));
            assertThat(sealed.path("result").path("status").asText()).isEqualTo("sealed");
            assertThat(sealed.path("result").path("blockHash").asText()).matches("0x[0-9a-f]{64}");
        }
    }

    @Test
    void refusesSharesWithThePreciseReasonAndCountsThem() throws Exception {
        try (WsTestClient ws = client()) {
            long good = FakeNode.find(first, 0, ppm -> ppm >= TARGET_PPM);
            ProofEnvelope share = FakeNode.share(first, good);
            assertThat(submit(ws, share).path("result").path("status").asText()).isEqualTo("accepted");

            assertRejected(submit(ws, share), -32015, "duplicate");

            long weak = FakeNode.find(first, 0, ppm -> ppm < TARGET_PPM);
            assertRejected(submit(ws, FakeNode.share(first, weak)), -32014, "target_ratio");

            Work gone = Templates.work(6, "tpl-6-old", THETA);
            assertRejected(submit(ws, FakeNode.share(gone, 1)), -32011, "stale");

            ObjectNode tampered = PoiesJson.toTree(FakeNode.share(first, good + 1));
            ((ObjectNode) tampered.path("body")).put("keccak", "0x" + "00".repeat(64));
            assertRejected(ws.call("miner_submitShare", WsTestClient.params(tampered)), -32012,
                    "header_link");

            ObjectNode missing = PoiesJson.toTree(share);
            ((ObjectNode) missing.path("body")).remove("u");
            JsonNode schema = ws.call("miner_submitShare", WsTestClient.params(missing));
            assertRejected(schema, -32602, "schema");
            assertThat(schema.path("error").path("message").asText()).contains("u");

            ObjectNode badHex = PoiesJson.toTree(share);
            badHex.put("nullifier", "0xzz");
            JsonNode unreadable = ws.call("miner_submitShare", WsTestClient.params(badHex));
            assertRejected(unreadable, -32602, "schema");
            assertThat(unreadable.path("error").path("message").asText()).contains("nullifier");

            assertRejected(ws.call("miner_submitShare", WsTestClient.params("not an object")), -32602,
                    "schema");
            assertRejected(ws.call("miner.submitShare", WsTestClient.params()), -32602, "schema");

            // Refused before admission (unreadable envelope, wrong params): counted by the front.
            assertThat(rejected("schema")).isEqualTo(3);
            assertThat(fake.results).extracting(SubmitResult::reason)
                    .containsExactly("", "duplicate", "target_ratio", "stale", "header_link", "schema");
        }
    }

    @Test
    void answersGarbageAndUnknownMethodsWithErrorsAndKeepsServing() throws Exception {
        try (WsTestClient ws = client()) {
            ws.send("this is not json");
            JsonNode parse = ws.next();
            assertThat(parse.path("error").path("code").asInt()).isEqualTo(-32700);
            assertThat(parse.path("id").isNull()).isTrue();

            ws.send("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"miner_subscribe\"}]");
            assertThat(ws.next().path("error").path("code").asInt()).isEqualTo(-32600);

            ws.send("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"miner_mine_for_me\",\"params\":[]}");
            JsonNode unknown = ws.next();
            assertThat(unknown.path("error").path("code").asInt()).isEqualTo(-32601);
            assertThat(unknown.path("id").asText()).isEqualTo("x");

            ws.send("{\"jsonrpc\":\"1.0\",\"id\":3,\"method\":\"miner_subscribe\",\"params\":[\"newWork\"]}");
            assertThat(ws.next().path("error").path("code").asInt()).isEqualTo(-32600);

            JsonNode badTopic = ws.call("miner_subscribe", WsTestClient.params("newBlocks"));
            assertThat(badTopic.path("error").path("code").asInt()).isEqualTo(-32602);
            assertThat(badTopic.path("error").path("message").asText()).contains("newWork");

            // A notification with an unknown method gets no answer (JSON-RPC 2.0 section 4.1).
            ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"miner_nothing\"}");
            assertThat(ws.poll(Duration.ofMillis(300))).isNull();

            ws.send("x".repeat(GetworkEndpoint.MAX_MESSAGE_CHARS + 1));
            JsonNode large = ws.next();
            assertThat(large.path("error").path("code").asInt()).isEqualTo(-32600);
            assertThat(large.path("error").path("message").asText()).contains("over the limit");

            assertThat(ws.call("miner_subscribe", WsTestClient.params("newWork")).path("result").isTextual()).isTrue();
            assertThat(ws.closed).isNotDone();
        }
        assertThat(errors("parse_error")).isEqualTo(1);
        // The unknown method asked for an answer; the unknown notification was refused without one.
        assertThat(plugin.registry.find("quarry.jsonrpc.requests").tag("server", GetworkEndpoint.PATH)
                .tag("outcome", "not_found").timer().count()).isEqualTo(1);
        assertThat(errors("notification_rejected")).isEqualTo(1);
        assertThat(errors("too_large")).isEqualTo(1);
    }

    @Test
    void closesAConnectionAfterTooManyBadMessagesInARow() throws Exception {
        try (WsTestClient ws = client()) {
            for (int i = 0; i < GetworkEndpoint.MAX_STRIKES; i++) {
                ws.send("{garbage " + i);
            }
            assertThat(ws.closed.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1000);
        }
        assertThat(errors("too_many_strikes")).isEqualTo(1);
    }

    @Test
    void refusesRequestsOverThePeerRateWithTheRateLimitCode() throws Exception {
        // The route takes the node's limiter when it is mounted: restart the node with the tight one.
        stop();
        fake.limiter(new RateLimiter(new RateLimit(0.001, 2), new RateLimit(0, 1)));
        start();
        try (WsTestClient ws = client()) {
            ws.call("miner_subscribe", WsTestClient.params("newWork"));
            long nonce = FakeNode.find(first, 0, ppm -> ppm >= TARGET_PPM);
            assertThat(submit(ws, FakeNode.share(first, nonce)).has("result")).isTrue();
            JsonNode limited = submit(ws, FakeNode.share(first, nonce + 1));
            assertThat(limited.path("error").path("code").asInt()).isEqualTo(-32005);
            assertThat(limited.path("error").path("data").path("reason").asText()).isEqualTo("rate_limited");
            assertThat(limited.path("error").path("data").path("scope").asText()).isEqualTo("peer");
        }
        // The error answer goes out before the refusal is recorded: wait for the record.
        Eventually.until("the refusal is recorded", () -> rejected("rate_limited") > 0);
        assertThat(rejected("rate_limited")).isEqualTo(1);
    }

    private JsonNode submit(WsTestClient ws, ProofEnvelope share) throws Exception {
        return ws.call("miner_submitShare", WsTestClient.params(PoiesJson.toTree(share)));
    }

    private static void assertRejected(JsonNode answer, int code, String reason) {
        assertThat(answer.has("result")).as(answer.toString()).isFalse();
        assertThat(answer.path("error").path("code").asInt()).as(answer.toString()).isEqualTo(code);
        assertThat(answer.path("error").path("data").path("reason").asText()).isEqualTo(reason);
        assertThat(answer.path("error").path("message").asText()).isNotBlank();
    }

    private int rejected(String reason) {
        return fake.recorded.getOrDefault(reason, 0);
    }

    private double errors(String reason) {
        var counter = plugin.registry.find("quarry.jsonrpc.errors").tag("server", GetworkEndpoint.PATH)
                .tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Registers the endpoint in front of the fake node, as the plugin does in front of the real one. */
    static final class EdgePlugin implements QuarryPlugin {
        private final FakeNode fake;
        GetworkEndpoint endpoint;
        io.micrometer.core.instrument.MeterRegistry registry;

        EdgePlugin(FakeNode fake) {
            this.fake = fake;
        }

        @Override
        public void init(NodeContext context) {
            registry = context.metrics().registry();
            endpoint = new GetworkEndpoint(fake, registry, "test.ws");
            endpoint.register(context.jsonRpc(), Http.Access.OPEN);
        }

        @Override
        public void start() {
            endpoint.start();
        }

        @Override
        public void stop() {
            endpoint.close();
        }
    }
}
