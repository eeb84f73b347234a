package io.quarry.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outside-miner check with the real quarry.jar in two processes: a PoIES node that does not scan
 * itself, and {@code quarry poies mine} in a second process mining for it over WebSocket getwork. The miner's
 * shares are accepted, and the blocks it reports sealed are on the node's chain (by hash over JSON-RPC) and in
 * its metrics.
 */
@Tag("process")
class PoiesMiningIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACCEPTED = Pattern.compile("shares [1-9]\\d* accepted");
    private static final Pattern SEALED = Pattern.compile("block sealed at height (\\d+): (0x[0-9a-f]{64})");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aSecondProcessMinesForTheNodeOverWebSocketAndItsBlocksCountOnTheNodesChain() throws Exception {
        int port = QuarryProcess.freePort();
        Path nodeConfig = write("node.toml", port, "node-data", """
                [poies-miner]
                roles = ["node"]
                device = "none"
                stratum_listen = ""
                block_time_secs = 2
                proof_interval_ms = 1000
                template_refresh_ms = 500
                """);
        Path minerConfig = write("miner.toml", QuarryProcess.freePort(), "miner-data", "");
        String base = "http://127.0.0.1:" + port;
        String rpc = base + "/api/v1/poies-miner/rpc";
        String ws = "ws://127.0.0.1:" + port + "/api/v1/poies-miner/ws";
        try (QuarryProcess node = QuarryProcess.start(dir, Map.of(), "run", "--config", nodeConfig.toString())) {
            assertThat(node.awaitOk(URI.create(base + "/health"), Duration.ofSeconds(60)))
                    .as("node health; stderr:\n%s", node.stderr()).isNotNull();
            assertThat(call(rpc, "chain_getHead").path("height").asLong()).isZero();

            QuarryProcess getwork = QuarryProcess.run(dir, "poies", "getwork", "--rpc", rpc, "--config",
                    minerConfig.toString());
            assertThat(getwork.exitCode()).as(getwork.stderr()).isZero();
            JsonNode template = JSON.readTree(getwork.stdout().substring(getwork.stdout().indexOf('{')));
            assertThat(template.path("height").asLong()).isEqualTo(1);
            assertThat(template.path("nonceDomain").path("uDomainTag").asText()).isEqualTo("animica:u-draw:v1");

            try (QuarryProcess miner = QuarryProcess.start(dir, Map.of(), "poies", "mine", "--threads", "1",
                    "--ws", ws, "--rpc", rpc, "--report-secs", "2", "--config", minerConfig.toString())) {
                List<String> sealed = awaitSealed(miner, 3, Duration.ofSeconds(150));
                assertThat(sealed).as("blocks the miner reports; stdout:\n%s\nstderr:\n%s", miner.stdout(),
                        miner.stderr()).hasSizeGreaterThanOrEqualTo(3);
                for (String hash : sealed) {
                    JsonNode block = call(rpc, "chain_getBlockByHash", "\"" + hash + "\"");
                    assertThat(block.isNull()).as("block %s on the node's chain", hash).isFalse();
                }
                // The node does not scan: every block on its chain is one the miner sealed.
                long height = call(rpc, "chain_getHead").path("height").asLong();
                assertThat(height).isGreaterThanOrEqualTo(sealed.size());
                String metrics = get(base + "/metrics");
                assertThat(sample(metrics, "animica_miner_blocks_sealed_total")).isGreaterThanOrEqualTo(sealed.size());
                assertThat(metrics).contains("animica_miner_hashrate_shares_per_sec");
                // The progress line comes every --report-secs; blocks can be sealed before the first one.
                assertThat(awaitLine(miner, ACCEPTED, Duration.ofSeconds(20)))
                        .as("a progress line with accepted shares; stdout:\n%s", miner.stdout()).isTrue();
                // The node's own count: every share it admitted came from the second process.
                JsonNode stats = JSON.readTree(get(base + "/api/v1/poies-miner/stats"));
                assertThat(stats.path("miner").path("sharesAccepted").asLong()).as(stats.toString())
                        .isGreaterThanOrEqualTo(sealed.size());

                miner.terminate(Duration.ofSeconds(10));
                assertThat(miner.stdout()).contains("stopped after");
            }
            assertThat(node.terminate(Duration.ofSeconds(15))).as(node.stderr()).isZero();
            // Stop order: the proof workers are awaited before the storage plot closes under them.
            assertThat(node.stderr() + node.stdout()).doesNotContain("cannot read the storage plot");
        }
    }

    private Path write(String name, int httpPort, String dataDir, String extra) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, """
                [node]
                name = "%s"
                data_dir = "%s"
                [http]
                listen = "127.0.0.1:%d"
                [transport]
                listen = "127.0.0.1:0"
                [plugins]
                enabled = ["poies-miner"]
                %s
                """.formatted(name.replace(".toml", ""), dataDir, httpPort, extra));
        return file;
    }

    /** Block hashes the miner printed as sealed, once there are {@code count} (or the time is up). */
    private static List<String> awaitSealed(QuarryProcess miner, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> hashes = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            hashes.clear();
            Matcher m = SEALED.matcher(miner.stdout());
            while (m.find()) {
                hashes.add(m.group(2));
            }
            if (hashes.size() >= count) {
                break;
            }
            Thread.sleep(500);
        }
        return hashes;
    }

    /** Whether the miner printed a line matching {@code pattern} before the time was up. */
    private static boolean awaitLine(QuarryProcess miner, Pattern pattern, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pattern.matcher(miner.stdout()).find()) {
                return true;
            }
            Thread.sleep(250);
        }
        return pattern.matcher(miner.stdout()).find();
    }

    private JsonNode call(String rpc, String method, String... params) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":["
                + String.join(",", params) + "]}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(rpc))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.has("error")).as(response.body()).isFalse();
        return answer.path("result");
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum of a Prometheus metric's samples. */
    private static double sample(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }
}
