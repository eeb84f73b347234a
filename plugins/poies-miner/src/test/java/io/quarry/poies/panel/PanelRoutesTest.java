package io.quarry.poies.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.poies.DevChain;
import io.quarry.testkit.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node serves the poies-miner panel and the open routes it reads: a real node on the shipped dev config, with
 * {@code rpc_access = "token"} so that everything the panel needs is shown to be readable without the API token.
 */
class PanelRoutesTest {

    private static final Duration BLOCKS_DEADLINE = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    private static TestNode node;

    @BeforeAll
    static void startDevChain() throws Exception {
        node = DevChain.start(dir, Map.of("poies-miner.rpc_access", "\"token\""));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void servesThePanelPageWithItsScriptsAndStylesheets() {
        HttpResponse<String> page = node.get("/plugins/poies-miner/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<title>PoIES miner").contains("href=\"/style.css\"")
                .contains("<a href=\"/\">").contains("<script src=\"panel.js\"></script>")
                .contains("<canvas id=\"hashrate-chart\"");

        // panel.js is the plugin's; the chart is the kernel's, shared by every panel at /chart.js.
        assertThat(page.body()).contains("<script src=\"/chart.js\"></script>");
        for (String script : List.of("/plugins/poies-miner/panel.js", "/chart.js")) {
            HttpResponse<String> js = node.get(script);
            assertThat(js.statusCode()).as(script).isEqualTo(200);
            assertThat(js.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        }
        assertThat(node.get("/plugins/poies-miner/panel.js").body()).contains("recent-blocks?count=");
        assertThat(node.get("/plugins/poies-miner/panel.css").headers().firstValue("content-type"))
                .hasValue("text/css; charset=utf-8");
        // The page links the kernel's stylesheet by absolute path: it must be there.
        assertThat(node.get("/style.css").statusCode()).isEqualTo(200);
        assertThat(node.get("/plugins/poies-miner/no-such-file.js").statusCode()).isEqualTo(404);
    }

    @Test
    void healthListsThePluginWithItsPanel() throws Exception {
        JsonNode health = DevChain.get(node, "/health");

        JsonNode plugin = StreamSupport.stream(health.get("plugins").spliterator(), false)
                .filter(p -> p.get("id").asText().equals("poies-miner")).findFirst().orElseThrow();
        assertThat(plugin.get("state").asText()).isEqualTo("STARTED");
        assertThat(plugin.path("panel").asText()).isEqualTo("/plugins/poies-miner/");
    }

    @Test
    void recentBlocksAnswerTheNewestBlocksAsTheChainRecordsThem() throws Exception {
        DevChain.awaitHead(node, BLOCKS_DEADLINE, head -> head.get("height").asLong() >= 2);

        JsonNode recent = DevChain.get(node, "/api/v1/poies-miner/recent-blocks?count=2");

        long head = recent.get("head").asLong();
        assertThat(head).isGreaterThanOrEqualTo(2);
        JsonNode blocks = recent.get("blocks");
        assertThat(blocks).extracting(b -> b.get("height").asLong()).containsExactly(head, head - 1);
        for (JsonNode block : blocks) {
            // The same block as JSON-RPC (which needs the token here) describes it.
            JsonNode rpc = DevChain.rpc(node, "chain_getBlockByHeight", "[" + block.get("height").asLong() + "]");
            assertThat(block.get("hash").asText()).matches("0x[0-9a-f]{64}").isEqualTo(rpc.get("hash").asText());
            for (String field : List.of("time", "thetaMicro", "hMicro", "psiMicro", "scoreMicro")) {
                assertThat(block.get(field).asLong()).as(field).isEqualTo(rpc.get(field).asLong());
            }
            assertThat(block.get("scoreMicro").asLong()).isGreaterThanOrEqualTo(block.get("thetaMicro").asLong());
            assertThat(proofs(block)).isEqualTo(proofs(rpc));
        }
        JsonNode byDefault = DevChain.get(node, "/api/v1/poies-miner/recent-blocks");
        assertThat(byDefault.get("blocks")).hasSize((int) Math.min(10, byDefault.get("head").asLong() + 1));
    }

    @Test
    void recentBlocksRefuseABadCountWith400() throws Exception {
        for (String count : List.of("abc", "0", "101", "-3")) {
            HttpResponse<String> response = node.get("/api/v1/poies-miner/recent-blocks?count=" + count);

            assertThat(response.statusCode()).as(count).isEqualTo(400);
            assertThat(DevChain.JSON.readTree(response.body()).get("error").asText())
                    .isEqualTo("count must be an integer from 1 to 100, was \"" + count + "\"");
        }
    }

    @Test
    void thePanelsRoutesAnswerWithoutTheTokenWhileJsonRpcNeedsIt() {
        HttpRequest withoutToken = HttpRequest.newBuilder(node.baseUri().resolve("/api/v1/poies-miner/rpc"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_getHead\"}"))
                .build();
        assertThat(node.send(withoutToken).statusCode()).isEqualTo(401);

        assertThat(node.get("/api/v1/poies-miner/stats").statusCode()).isEqualTo(200);
        assertThat(node.get("/api/v1/poies-miner/recent-blocks").statusCode()).isEqualTo(200);
        assertThat(node.get("/plugins/poies-miner/").statusCode()).isEqualTo(200);
    }

    @Test
    void statsCarryTheChainParametersRejectionsByReasonAndOutsideMiners() throws Exception {
        // A malformed share, so a refusal reason has a count.
        node.post("/api/v1/poies-miner/rpc", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"miner_submitShare\","
                + "\"params\":[{}]}");

        JsonNode stats = DevChain.get(node, "/api/v1/poies-miner/stats");

        JsonNode work = DevChain.rpc(node, "miner_getWork", "[]");
        JsonNode chain = stats.get("chain");
        assertThat(chain.get("chainId").asLong()).isEqualTo(work.get("chainId").asLong());
        assertThat(chain.get("blockTimeSecs").asInt()).isEqualTo(5); // config/dev.toml
        assertThat(chain.get("policyRoot").asText()).isEqualTo(work.get("policyRoots").get("poiesPolicy").asText());
        assertThat(chain.get("escortQMicro").asLong()).isBetween(0L, 1_000_000L);
        assertThat(chain.get("gammaCapMicro").asLong()).isPositive();
        assertThat(stats.get("now").asLong()).isCloseTo(System.currentTimeMillis() / 1000,
                offset(5L));
        assertThat(stats.get("rejected").get("schema").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(stats.get("outside").get("stratum").asInt()).isZero();

        try (GetworkSubscriber miner = GetworkSubscriber.connect(node)) {
            assertThat(awaitGetwork(1)).isEqualTo(1);
        }
        assertThat(awaitGetwork(0)).isZero();
    }

    /** Polls the stats until {@code outside.getwork} is {@code expected} (a subscribe or hang-up lands async). */
    private static int awaitGetwork(int expected) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int seen;
        do {
            seen = DevChain.get(node, "/api/v1/poies-miner/stats").get("outside").get("getwork").asInt();
            if (seen == expected) {
                return seen;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < end);
        return seen;
    }

    private static List<String> proofs(JsonNode block) {
        List<String> out = new ArrayList<>();
        block.get("proofs").forEach(p -> out.add(p.get("type").asText() + ":" + p.get("psiMicro").asLong()));
        return out;
    }

    /** An outside miner on WebSocket getwork, subscribed to new work (with the token: rpc_access is "token"). */
    private record GetworkSubscriber(HttpClient client, WebSocket socket) implements AutoCloseable {

        static GetworkSubscriber connect(TestNode node) throws Exception {
            HttpClient client = HttpClient.newHttpClient();
            CompletableFuture<String> answer = new CompletableFuture<>();
            WebSocket socket = client.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + node.apiToken())
                    .buildAsync(URI.create("ws://127.0.0.1:" + node.httpAddress().getPort()
                            + "/api/v1/poies-miner/ws"), new WebSocket.Listener() {
                                private final StringBuilder text = new StringBuilder();

                                @Override
                                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                    text.append(data);
                                    if (last) {
                                        answer.complete(text.toString());
                                        text.setLength(0);
                                    }
                                    ws.request(1);
                                    return null;
                                }
                            }).get(10, TimeUnit.SECONDS);
            socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"miner_subscribe\",\"params\":[\"newWork\"]}",
                    true).get(10, TimeUnit.SECONDS);
            assertThat(answer.get(10, TimeUnit.SECONDS)).contains("\"id\":1").contains("\"result\"");
            return new GetworkSubscriber(client, socket);
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
            client.close();
        }
    }
}
