package io.quarry.poies.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarry.poies.DevChain;
import io.quarry.testing.HeadlessChromium;
import io.quarry.testkit.TestNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poies-miner panel as a person sees it: headless Chromium renders {@code /plugins/poies-miner/} from a real
 * node sealing dev blocks, and the tests read the DOM after the page's scripts polled a few times. The node runs
 * with {@code rpc_access = "token"}: the browser has no token, so the panel must get by on the open routes.
 */
class PanelBrowserTest {

    /** About two polls after the first: enough for the chart to have more than one sample. */
    private static final Duration BUDGET = Duration.ofSeconds(5);
    private static final Duration BLOCKS_DEADLINE = Duration.ofSeconds(120);
    private static final Pattern CHIP = Pattern.compile(
            "<span class=\"proof proof-([a-z]+)\">([a-z]+)(?: \u00d7(\\d+))? (\\d+\\.\\d{3})</span>");

    @TempDir
    static Path dir;

    private static TestNode node;

    @BeforeAll
    static void chromiumAndADevChain() throws Exception {
        if (HeadlessChromium.find().isEmpty()) {
            assertThat(HeadlessChromium.required()).as("Chromium is missing in CI: scripts/install-test-deps.sh "
                    + "installs it").isFalse();
            assumeTrue(false, "headless Chromium is not installed");
        }
        node = DevChain.start(dir, Map.of("poies-miner.rpc_access", "\"token\""));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void showsTheHeadTheChainParametersTheChartAndTheNewestBlocksWithTheirProofs() throws Exception {
        JsonNode sealed = DevChain.awaitHeadWithProofs(node, 2, BLOCKS_DEADLINE);
        long height = sealed.get("height").asLong();

        String dom = HeadlessChromium.dumpDom(node.baseUri().resolve("/plugins/poies-miner/"), BUDGET);

        long after = DevChain.rpc(node, "chain_getHead", "[]").get("height").asLong();
        assertThat(dom).doesNotContain("unreachable").doesNotContain("cannot show");
        assertThat(dom).contains("chain 1337 \u00b7 updated");

        // The head: the height read before rendering, or one sealed while the page polled.
        long shown = Long.parseLong(group(dom, "<dd id=\"height\">(\\d+)</dd>"));
        assertThat(shown).isBetween(height, after);
        String shownHash = DevChain.rpc(node, "chain_getBlockByHeight", "[" + shown + "]").get("hash").asText();
        assertThat(dom).contains("<dd id=\"hash\" class=\"mono\">" + shownHash + "</dd>");
        assertThat(group(dom, "<dd id=\"age\">([^<]+)</dd>")).matches("\\d+ s|\\d+ min \\d+ s");
        Matcher theta = match(dom, "<dd id=\"theta\">(\\d+\\.\\d{3}) nats \\(thetaMicro (\\d+)\\)</dd>");
        assertThat(Double.parseDouble(theta.group(1))).isCloseTo(Long.parseLong(theta.group(2)) / 1e6, within(6e-4));
        assertThat(Long.parseLong(theta.group(2))).isPositive();
        assertThat(dom).contains("<dd id=\"block-time\">5 s</dd>"); // config/dev.toml
        String policyRoot = DevChain.rpc(node, "miner_getWork", "[]").get("policyRoots").get("poiesPolicy").asText();
        assertThat(dom).contains("<dd id=\"policy-root\" class=\"mono\">" + policyRoot + "</dd>");

        // Scanning: the node's one scanner thread is running and hashing; both outside-miner fronts are on.
        assertThat(dom).contains("<dd id=\"scanner\">RUNNING</dd>");
        assertThat(group(dom, "<dd id=\"hashrate\">([^<]+)</dd>"))
                .matches("\\d+\\.\\d+ [kMG]?H/s \u00b7 \\d+\\.\\d+ [kMG]?H/s").doesNotStartWith("0.0 ");
        assertThat(dom).contains("<dd id=\"outside\">WebSocket getwork 0 \u00b7 Stratum 0</dd>");
        Matcher chart = match(dom, "<canvas id=\"hashrate-chart\"[^>]* aria-label=\"hashrate, last 5 minutes: "
                + "(\\d+) samples, now ([^\"]+)\"");
        assertThat(Integer.parseInt(chart.group(1))).as("polls drawn on the chart").isGreaterThanOrEqualTo(2);
        assertThat(chart.group(2)).endsWith("H/s");

        // The blocks: newest first, and the one read before rendering with exactly its proof kinds and psi.
        List<String> rows = all(group(dom, "<table id=\"blocks\">.*?<tbody>(.*?)</tbody>"), "<tr>(.*?)</tr>");
        assertThat(rows).hasSizeBetween((int) Math.min(10, height + 1), 10);
        List<Long> heights = rows.stream().map(r -> Long.parseLong(group(r, "^<td>(\\d+)</td>"))).toList();
        assertThat(heights.get(0)).isBetween(height, after);
        for (int i = 1; i < heights.size(); i++) {
            assertThat(heights.get(i)).as("row %d of %s", i, heights).isEqualTo(heights.get(0) - i);
        }
        String hash = sealed.get("hash").asText();
        String row = rows.stream().filter(r -> r.startsWith("<td>" + height + "</td>")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for block " + height + " in " + rows));
        assertThat(row).contains("<td class=\"mono\" title=\"" + hash + "\">" + hash.substring(0, 10) + "\u2026"
                + hash.substring(hash.length() - 6) + "</td>");
        Map<String, Chip> shownProofs = chips(row);
        Map<String, Chip> sealedProofs = grouped(sealed.get("proofs"));
        assertThat(shownProofs.keySet()).isEqualTo(sealedProofs.keySet());
        sealedProofs.forEach((kind, chip) -> {
            assertThat(shownProofs.get(kind).count()).as(kind).isEqualTo(chip.count());
            // Three decimals of nats, rounded by the browser: within half a thousandth of the exact sum.
            assertThat(shownProofs.get(kind).psi()).as(kind).isCloseTo(chip.psi(), within(0.0005 + 1e-9));
        });
        assertThat(rows.stream().filter(r -> CHIP.matcher(r).find())).as("rows with proof chips").isNotEmpty();
    }

    @Test
    void replacesTheFiguresWithNodeUnreachableWhenTheNodeStopsAnswering() throws Exception {
        // A front for the node that relays the page and the first poll, then answers every API call with 503.
        AtomicInteger statsPolls = new AtomicInteger();
        HttpServer front = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        front.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        List<String> relayedHeads = new ArrayList<>();
        front.createContext("/", exchange -> {
            String target = exchange.getRequestURI().getRawPath() + (exchange.getRequestURI().getRawQuery() == null
                    ? "" : "?" + exchange.getRequestURI().getRawQuery());
            boolean api = target.startsWith("/api/");
            if (target.startsWith("/api/v1/poies-miner/stats")) {
                statsPolls.incrementAndGet();
            }
            if (api && statsPolls.get() > 1) {
                reply(exchange, 503, "application/json", "{\"error\":\"gone\"}");
                return;
            }
            HttpResponse<String> relayed = node.get(target);
            if (target.startsWith("/api/v1/poies-miner/stats")) {
                synchronized (relayedHeads) {
                    relayedHeads.add(DevChain.JSON.readTree(relayed.body()).get("head").get("hash").asText());
                }
            }
            reply(exchange, relayed.statusCode(), relayed.headers().firstValue("content-type").orElse("text/plain"),
                    relayed.body());
        });
        front.start();
        try {
            URI page = URI.create("http://127.0.0.1:" + front.getAddress().getPort() + "/plugins/poies-miner/");

            String dom = HeadlessChromium.dumpDom(page, BUDGET);

            assertThat(statsPolls.get()).as("polls after the first, answered 503").isGreaterThan(1);
            assertThat(relayedHeads).as("the first poll reached the node").hasSize(1);
            assertThat(dom).containsPattern("<div id=\"status\" class=\"error\">node unreachable: "
                    + "(stats|recent-blocks\\?count=10) answered HTTP 503</div>");
            // Nothing stale stays on the page: no head, no blocks, a gap on the chart.
            assertThat(dom).doesNotContain(relayedHeads.get(0)).contains("<dd id=\"height\">\u2013</dd>")
                    .contains("<dd id=\"hashrate\">\u2013</dd>").containsPattern("<tbody>\\s*</tbody>")
                    .containsPattern("aria-label=\"hashrate, last 5 minutes: \\d+ samples, now unknown\"");
        } finally {
            front.stop(0);
        }
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** One proof chip: how many proofs of a kind a block carried and their summed psi in nats. */
    private record Chip(long count, double psi) {
    }

    /** The proof chips of one block row, by kind. */
    private static Map<String, Chip> chips(String row) {
        Map<String, Chip> out = new TreeMap<>();
        Matcher m = CHIP.matcher(row);
        while (m.find()) {
            assertThat(m.group(2)).as("chip text names its kind").isEqualTo(m.group(1));
            out.put(m.group(1), new Chip(m.group(3) == null ? 1 : Long.parseLong(m.group(3)),
                    Double.parseDouble(m.group(4))));
        }
        return out;
    }

    /** The proofs of a {@code chain_getBlockByHeight} answer grouped by kind, as the page groups them. */
    private static Map<String, Chip> grouped(JsonNode proofs) {
        Map<String, Chip> out = new TreeMap<>();
        proofs.forEach(p -> out.merge(p.get("type").asText(), new Chip(1, p.get("psiMicro").asLong() / 1e6),
                (a, b) -> new Chip(a.count() + b.count(), a.psi() + b.psi())));
        return out;
    }

    private static Matcher match(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        assertThat(m.find()).as("/%s/ in the rendered page:%n%s", regex, text).isTrue();
        return m;
    }

    private static String group(String text, String regex) {
        return match(text, regex).group(1);
    }

    private static List<String> all(String text, String regex) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
