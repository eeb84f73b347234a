package io.quarry.randomx;

import static io.quarry.randomx.RandomxClusterPluginTest.await;
import static io.quarry.randomx.RandomxClusterPluginTest.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarry.randomx.hashing.EngineSettings;
import io.quarry.randomx.hashing.HugePagesPolicy;
import io.quarry.randomx.hashing.RandomXEngine;
import io.quarry.randomx.hashing.RandomXMode;
import io.quarry.randomx.job.JobFixtures;
import io.quarry.randomx.job.ShareHasher;
import io.quarry.randomx.pool.FakePool;
import io.quarry.randomx.stratum.StratumTestMiner;
import io.quarry.testing.HeadlessChromium;
import io.quarry.testkit.TestJsonRpc;
import io.quarry.testkit.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The panel as a person sees it: headless Chromium renders {@code /plugins/randomx-cluster/} after its scripts
 * polled a few times, and the figures in the DOM are compared with what the stats route answers. Elements are
 * found by id; every asserted text is written by panel.js (the page's own HTML has only dashes there).
 */
class RandomxPanelBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PANEL = "/plugins/randomx-cluster/";
    /** Long enough for the 2 s poll to run three times. */
    private static final Duration BUDGET = Duration.ofSeconds(5);
    /** Difficulty 2: about every other hash is a share, so the node's light-mode thread finds some at once. */
    private static final String EASY_TARGET = "ffffffffffffff7f";
    /** Target 1: no hash meets it, so once this job is mined the counters stop moving for the render. */
    private static final String HOPELESS_TARGET = "0100000000000000";
    private static final long SHARE_DIFFICULTY = 2;

    @TempDir
    Path dir;

    @BeforeEach
    void needsChromium() {
        if (HeadlessChromium.find().isEmpty()) {
            assertThat(HeadlessChromium.required())
                    .as("Chromium is missing in CI: scripts/install-test-deps.sh installs it").isFalse();
            assumeTrue(false, "headless Chromium is not installed");
        }
    }

    @Test
    void anIdleNodeShowsItsStateAndThatItHasNoWorkSource() {
        try (TestNode node = TestNode.builder(dir).plugin("randomx-cluster", RandomxClusterPlugin::new).start()) {
            JsonNode stats = stats(node);
            String dom = HeadlessChromium.dumpDom(node.baseUri().resolve(PANEL), BUDGET);

            assertThat(dom).doesNotContain("unreachable");
            assertThat(text(dom, "status")).startsWith("updated ");
            assertThat(text(dom, "state")).isEqualTo(stats.get("state").asText()).isEqualTo("STOPPED");
            assertThat(text(dom, "state-detail")).isEqualTo(stats.get("stateDetail").asText()).contains("daemon_rpc");
            assertThat(text(dom, "source")).isEqualTo("none");
            assertThat(text(dom, "stratum")).isEqualTo("off");
            assertThat(text(dom, "shares-accepted")).isEqualTo("0");
            assertThat(text(dom, "miners-connected")).isEqualTo("0");
            assertThat(text(dom, "rate-10s")).isEqualTo("0.0 H/s");
            assertThat(text(dom, "cluster-role")).as("no cluster role configured").isEqualTo("standalone");
            assertThat(dom).contains("<td class=\"empty\" colspan=\"11\">Stratum endpoint off</td>");
            assertThat(samples(dom)).as("polls the chart holds").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aMiningNodeShowsItsSharesRejectionsAndOutsideMinersAsStatsReportsThem() throws Exception {
        TestJsonRpc jsonRpc = TestJsonRpc.open();
        try (FakePool pool = new FakePool(jsonRpc.servers("pool"), "pool", "first");
             TestNode node = TestNode.builder(dir).plugin("randomx-cluster", RandomxClusterPlugin::new)
                     .set("randomx-cluster.pools", "[{ url = \"127.0.0.1:" + pool.port() + "\", user = \"rig\" }]")
                     .set("randomx-cluster.mode", "\"light\"")
                     .set("randomx-cluster.threads", "1")
                     .set("randomx-cluster.huge_pages", "\"off\"")
                     .set("randomx-cluster.stratum_listen", "\"127.0.0.1:0\"")
                     .set("randomx-cluster.stratum_difficulty", Long.toString(SHARE_DIFFICULTY))
                     .set("randomx-cluster.stratum_share_seconds", "0")
                     .start();
             RandomXEngine engine = RandomXEngine.open(EngineSettings.defaults().withMode(RandomXMode.LIGHT)
                     .withThreads(1).withHugePages(HugePagesPolicy.OFF))) {
            assertThat(pool.logins.poll(20, TimeUnit.SECONDS)).as("the node logged in to the pool").isNotNull();
            pool.push(JobFixtures.poolJob("easy", JobFixtures.BLOB, EASY_TARGET));
            await(() -> stats(node).get("sharesAccepted").asLong() > 0, Duration.ofSeconds(60));
            await(() -> stats(node).path("stratum").hasNonNull("listen"), Duration.ofSeconds(30));

            try (StratumTestMiner outside = new StratumTestMiner(stratumEndpoint(stats(node)))) {
                outside.login("rig-panel");
                ShareHasher hasher = (seed, blob) -> {
                    if (!engine.isSeed(seed)) {
                        engine.setSeed(seed);
                    }
                    return engine.hash(blob);
                };
                StratumTestMiner.Found found = outside.find(outside.job, hasher, d -> d >= SHARE_DIFFICULTY);
                String jobId = outside.job.get("job_id").asText();
                assertThat(outside.submit(jobId, found.nonceHex(), found.resultHex()).path("result").path("status")
                        .asText()).isEqualTo("OK");
                assertThat(outside.submit(jobId, "xyz", found.resultHex()).path("error").isObject())
                        .as("a malformed nonce is rejected").isTrue();
                pool.push(JobFixtures.poolJob("hopeless", JobFixtures.BLOB, HOPELESS_TARGET));

                JsonNode stats = settled(node);
                String dom = HeadlessChromium.dumpDom(node.baseUri().resolve(PANEL), BUDGET);
                assertThat(counts(stats(node))).as("the counters did not move while the page rendered")
                        .isEqualTo(counts(stats));

                assertThat(dom).doesNotContain("unreachable");
                assertThat(text(dom, "state")).isEqualTo(stats.get("state").asText()).isEqualTo("RUNNING");
                assertThat(text(dom, "source")).isEqualTo("pool");
                assertThat(stats.get("upstream").get("description").asText()).startsWith("pool ");
                assertThat(text(dom, "upstream")).isEqualTo("tcp://127.0.0.1:" + pool.port());
                assertThat(text(dom, "stratum")).isEqualTo("127.0.0.1:" + stratumEndpoint(stats).getPort());
                assertThat(text(dom, "job")).startsWith("hopeless · height 3195018");
                assertThat(text(dom, "engine")).startsWith("light mode, 1 thread, ");
                assertThat(text(dom, "rate-10s")).as("the node is hashing").matches("\\d+\\.\\d+ [kMG]?H/s")
                        .isNotEqualTo("0.0 H/s");

                long accepted = stats.get("sharesAccepted").asLong();
                assertThat(accepted).as("the node's and the outside miner's shares").isGreaterThanOrEqualTo(2);
                assertThat(text(dom, "shares-accepted")).isEqualTo(Long.toString(accepted));
                assertThat(text(dom, "shares-rejected")).isEqualTo(stats.get("sharesRejected").asText());
                assertThat(text(dom, "stratum-accepted")).isEqualTo("1");
                assertThat(text(dom, "stratum-rejected")).isEqualTo("1");
                long upstreamInvalid = stats.get("rejectedByReason").path("invalid_nonce").asLong(0);
                assertThat(dom).contains("<tr><td>invalid_nonce</td><td>" + upstreamInvalid + "</td><td>1</td></tr>");
                assertThat(text(dom, "blocks-found")).isEqualTo(stats.get("blocksFound").asText());

                assertThat(stats.get("minersConnected").asInt()).isEqualTo(1);
                assertThat(text(dom, "miners-connected")).isEqualTo("1");
                JsonNode me = stats.get("stratum").get("miners").get(0);
                assertThat(dom).containsPattern("<tr><td>rig-panel</td><td>" + me.get("worker").asInt()
                        + "</td><td>127\\.0\\.0\\.1:\\d+</td><td>XMRig/6\\.21\\.0 \\(test\\)</td><td>"
                        + SHARE_DIFFICULTY + "</td>(<td>[^<]+H/s</td>){3}<td>1</td><td>1 \\(invalid_nonce 1\\)</td>");
                assertThat(samples(dom)).as("polls the chart holds").isGreaterThanOrEqualTo(2);
            }
        } finally {
            jsonRpc.close();
        }
    }

    @Test
    void aFailingStatsRouteShowsUnreachableInsteadOfTheLastFigures() throws Exception {
        // The stats JSON of a real (idle) node with distinctive numbers, from a server that answers it once and
        // then fails: the page must first show 4242 and then drop it.
        ObjectNode once;
        byte[] chart;
        try (TestNode node = TestNode.builder(dir).plugin("randomx-cluster", RandomxClusterPlugin::new).start()) {
            once = (ObjectNode) stats(node);
            chart = node.get("/chart.js").body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        once.put("state", "RUNNING").put("sharesAccepted", 4242).put("minersConnected", 4343);
        AtomicInteger statsRequests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PANEL, exchange -> servePanelFile(exchange));
        server.createContext("/chart.js", exchange -> respond(exchange, 200, "text/javascript; charset=utf-8", chart));
        server.createContext("/api/v1/randomx-cluster/stats", exchange -> {
            boolean first = statsRequests.incrementAndGet() == 1;
            respond(exchange, first ? 200 : 503, "application/json", first ? JSON.writeValueAsBytes(once) : new byte[0]);
        });
        server.start();
        try {
            URI page = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PANEL + "index.html");
            String dom = HeadlessChromium.dumpDom(page, BUDGET);

            assertThat(statsRequests.get()).as("the page polled again after the first answer").isGreaterThanOrEqualTo(2);
            assertThat(text(dom, "status"))
                    .isEqualTo("node unreachable: /api/v1/randomx-cluster/stats answered HTTP 503");
            assertThat(dom).doesNotContain("4242").doesNotContain("4343").doesNotContain("RUNNING");
            assertThat(text(dom, "shares-accepted")).isEqualTo("—");
            assertThat(text(dom, "miners-connected")).isEqualTo("—");
        } finally {
            server.stop(0);
        }
    }

    /** Stats once the counters have held still for a second (shares in flight when the job changed have landed). */
    private static JsonNode settled(TestNode node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode last = stats(node);
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            JsonNode now = stats(node);
            if (counts(now).equals(counts(last))) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the counters kept moving: " + last);
    }

    private static List<Object> counts(JsonNode stats) {
        JsonNode stratum = stats.path("stratum");
        return List.of(stats.get("sharesAccepted").asLong(), stats.get("sharesRejected").asLong(),
                stats.get("blocksFound").asLong(), stats.get("minersConnected").asInt(),
                stratum.path("sharesAccepted").asLong(), stratum.path("sharesRejected").asLong());
    }

    private static InetSocketAddress stratumEndpoint(JsonNode stats) {
        String listen = stats.get("stratum").get("listen").asText(); // "/127.0.0.1:port"
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)));
    }

    /** The text of the element with {@code id} in the serialized DOM (the panel's figures hold no markup). */
    private static String text(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(dom);
        assertThat(m.find()).as("element #%s in %s", id, dom).isTrue();
        return m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", "\u00a0").replace("&amp;", "&");
    }

    /** How many polls the chart has drawn (chart.js writes it on the canvas). */
    private static int samples(String dom) {
        Matcher m = Pattern.compile("<canvas id=\"chart\"[^>]*data-samples=\"(\\d+)\"").matcher(dom);
        assertThat(m.find()).as("the chart canvas in %s", dom).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The panel's files from the test class path, as the node would serve them. */
    private static void servePanelFile(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring(PANEL.length());
        try (InputStream in = RandomxClusterPlugin.class.getClassLoader()
                .getResourceAsStream("io/quarry/randomx/panel/" + name)) {
            if (in == null || name.isEmpty() || name.contains("/")) {
                respond(exchange, 404, "text/plain", new byte[0]);
                return;
            }
            String type = name.endsWith(".html") ? "text/html" : name.endsWith(".js") ? "text/javascript" : "text/css";
            respond(exchange, 200, type + "; charset=utf-8", in.readAllBytes());
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }
}
