package io.quarry.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Grafana dashboard and the alert rules query only metrics a node with every plugin exports. */
@Tag("process")
class MetricsDashboardIT {

    private static final Path REPO = Path.of(System.getProperty("quarry.repo", "..")).toAbsolutePath().normalize();
    /** PromQL words that are not metric names. */
    private static final Set<String> PROMQL = Set.of("sum", "rate", "increase", "irate", "avg", "max", "min", "count",
            "by", "without", "on", "ignoring", "and", "or", "unless", "histogram_quantile", "topk", "bottomk", "abs",
            "delta", "deriv", "time", "group_left", "group_right", "bool", "offset");
    /** Made by Prometheus itself, not by the node. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    @TempDir
    Path dir;

    /** Metric names a PromQL expression reads. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"[^\"]*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
        while (m.find()) {
            if (!PROMQL.contains(m.group()) && !PROMETHEUS_OWN.contains(m.group())) {
                names.add(m.group());
            }
        }
        return names;
    }

    private static Set<String> dashboardMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(REPO.resolve("config/grafana/quarry.json").toFile());
        Set<String> names = new TreeSet<>();
        dashboard.findValues("expr").forEach(e -> names.addAll(metricNames(e.asText())));
        return names;
    }

    private static Set<String> alertMetrics() throws Exception {
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(REPO.resolve("config/quarry-alerts.yml"))) {
            if (line.strip().startsWith("expr:")) {
                names.addAll(metricNames(line.strip().substring("expr:".length())));
            }
        }
        return names;
    }

    @Test
    void metricNameExtractionSkipsLabelsRangesAndFunctions() {
        assertThat(metricNames("sum by (kind) (rate(quarry_x_total{status=~\"5..\"}[5m])) / on (miner) y_bytes"))
                .containsExactly("quarry_x_total", "y_bytes");
    }

    @Test
    void everyMetricTheDashboardAndAlertsQueryIsExportedByANodeWithEveryPlugin() throws Exception {
        int http = QuarryProcess.freePort();
        int stratum = QuarryProcess.freePort();
        Path config = Files.writeString(dir.resolve("quarry.toml"), """
                [node]
                data_dir = "data"
                [http]
                listen = "127.0.0.1:%d"
                header_timeout_secs = 1
                [transport]
                listen = "127.0.0.1:0"
                [plugins]
                enabled = ["storage-miner", "poies-miner", "randomx-cluster", "fleet-control", "subnet-miner"]
                [poies-miner]
                stratum_listen = "127.0.0.1:%d"
                """.formatted(http, stratum));
        try (QuarryProcess node = QuarryProcess.start(dir, Map.of(), "run", "--config", config.toString())) {
            assertThat(node.awaitOk(URI.create("http://127.0.0.1:" + http + "/health"), Duration.ofSeconds(60)))
                    .as("health; stderr:\n%s", node.stderr()).isNotNull();
            // Some counters appear with their first event: make one of each.
            try (Socket silent = new Socket("127.0.0.1", http)) {
                silent.setSoTimeout(30_000);
                // Sends nothing: closed at the header deadline (read returns once the 408 and the close come).
                assertThat(silent.getInputStream().readAllBytes()).asString().startsWith("HTTP/1.1 408");
            }
            try (Socket rpc = new Socket("127.0.0.1", stratum)) {
                rpc.setSoTimeout(30_000);
                OutputStream out = rpc.getOutputStream();
                out.write("this is not json\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = rpc.getInputStream();
                assertThat(in.read()).as("an error reply").isEqualTo('{');
            }
            String metrics = node.awaitOk(URI.create("http://127.0.0.1:" + http + "/metrics"), Duration.ofSeconds(10));
            Set<String> exported = metrics.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                    .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));

            List<String> missing = new ArrayList<>();
            for (String name : dashboardMetrics()) {
                if (!exported.contains(name)) {
                    missing.add("dashboard: " + name);
                }
            }
            for (String name : alertMetrics()) {
                if (!exported.contains(name)) {
                    missing.add("alerts: " + name);
                }
            }
            assertThat(dashboardMetrics()).contains("quarry_node_up", "quarry_miner_hashrate_hashes_per_second", "quarry_miner_shares",
                    "quarry_transport_bytes_total", "quarry_jsonrpc_errors_total", "jvm_memory_used_bytes");
            assertThat(missing).as("queried but not exported (exported: %s)", exported).isEmpty();
            assertThat(node.terminate(Duration.ofSeconds(10))).isZero();
        }
    }
}
