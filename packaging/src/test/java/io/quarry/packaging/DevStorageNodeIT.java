package io.quarry.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code config/dev.toml} on the real quarry.jar: its storage node, validator and miner at once, takes a
 * PUT and gives the same bytes back on GET. Only the storage plugin runs, on free ports and a scratch data
 * directory; everything else is the file as a newcomer's {@code ./quarry} reads it.
 */
@Tag("process")
class DevStorageNodeIT {

    private static final Path REPO = Path.of(System.getProperty("quarry.repo", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void devConfigStoresAFileAndReturnsTheSameBytes() throws Exception {
        int httpPort = QuarryProcess.freePort();
        try (QuarryProcess node = QuarryProcess.start(dir, Map.of(), "run", "--config",
                REPO.resolve("config/dev.toml").toString(),
                "--set", "node.data_dir=\"" + dir.resolve("data") + "\"",
                "--set", "plugins.enabled=[\"storage-miner\"]",
                "--set", "http.listen=\"127.0.0.1:" + httpPort + "\"",
                "--set", "transport.listen=\"127.0.0.1:" + QuarryProcess.freePort() + "\"");
             HttpClient http = HttpClient.newHttpClient()) {
            URI base = URI.create("http://127.0.0.1:" + httpPort + "/api/v1/storage-miner/");
            assertThat(node.awaitOk(URI.create("http://127.0.0.1:" + httpPort + "/health"), WAIT))
                    .as("the dev node did not start; stderr:\n%s", node.stderr()).isNotNull();
            // The node registers with itself and adopts its map of one miner.
            long end = System.nanoTime() + WAIT.toNanos();
            JsonNode cluster;
            while ((cluster = JSON.readTree(http.send(HttpRequest.newBuilder(base.resolve("cluster")).build(),
                    HttpResponse.BodyHandlers.ofString()).body())).path("epoch").asLong() < 1) {
                assertThat(System.nanoTime()).as("a cluster map within %s: %s\n%s", WAIT, cluster, node.stderr())
                        .isLessThan(end);
                Thread.sleep(200);
            }
            byte[] file = new byte[3 * 1024 * 1024 + 11];
            new Random(5).nextBytes(file);
            // dev.toml lets loopback clients call mutating routes without the token.
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(base.resolve("files"))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            String fileId = JSON.readTree(put.body()).path("fileId").asText();
            HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(base.resolve("files/" + fileId)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo(file);
            JsonNode report = JSON.readTree(http.send(HttpRequest.newBuilder(base.resolve("cluster")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).at("/redundancy/0");
            assertThat(report.path("faultTolerance").asText()).isEqualTo("all shards on 1 miner: no fault tolerance");
            assertThat(Files.exists(dir.resolve("data"))).isTrue();
        }
    }
}
