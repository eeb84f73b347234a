package io.quarry.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.storage.store.ShardId;
import io.quarry.testkit.TestNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The miner's dev HTTP endpoints on a real node: off by default, and with http_enabled: status, add, Range reads. */
class StorageHttpTest {

    @TempDir
    Path dir;

    @Test
    void devEndpointsAreOffByDefaultAndThePanelAndStatsAreServed() {
        try (TestNode node = TestNode.builder(dir).plugin("storage-miner", StorageMinerPlugin::new).start()) {
            assertThat(node.get("/api/v1/storage-miner/status").statusCode()).isEqualTo(404);
            var panel = node.get("/plugins/storage-miner/");
            assertThat(panel.statusCode()).isEqualTo(200);
            assertThat(panel.body()).contains("id=\"used\"").contains("id=\"free\"").contains("id=\"shards\"")
                    .contains("id=\"challenges-passed\"").contains("id=\"miners\"");
            assertThat(node.get("/plugins/storage-miner/panel.js").body()).contains("/api/v1/storage-miner/stats");
            assertThat(node.get("/api/v1/storage-miner/stats").body()).contains("\"miner\"").contains("\"usedBytes\":0")
                    .contains("\"detail\":\"serving shards; no validator configured\"").doesNotContain("\"cluster\"");
            assertThat(node.get("/metrics").body()).contains("quarry_storage_shards");
        }
    }

    @Test
    void addsBlobsByMultipartAndServesRanges() throws Exception {
        try (TestNode node = TestNode.builder(dir).plugin("storage-miner", StorageMinerPlugin::new)
                .set("storage-miner.http_enabled", "true").start();
             HttpClient http = HttpClient.newHttpClient()) {
            assertThat(node.get("/api/v1/storage-miner/status").body()).contains("\"status\":\"RUNNING\"").contains("\"shards\":0");
            String body = "--b0undary\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n0123456789\r\n--b0undary--\r\n";
            HttpResponse<String> added = http.send(HttpRequest.newBuilder(node.baseUri().resolve("/api/v1/storage-miner/blobs/add"))
                    .header("Authorization", "Bearer " + node.apiToken())
                    .header("Content-Type", "multipart/form-data; boundary=b0undary")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            String hash = ShardId.of("0123456789".getBytes(StandardCharsets.US_ASCII)).hex();
            assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
            assertThat(added.body()).contains(hash);

            HttpResponse<String> range = http.send(HttpRequest.newBuilder(node.baseUri().resolve("/api/v1/storage-miner/blobs/" + hash))
                    .header("Range", "bytes=2-4").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo("234");
            assertThat(range.headers().firstValue("Content-Range")).contains("bytes 2-4/10");
            assertThat(node.get("/api/v1/storage-miner/blobs/" + hash).body()).isEqualTo("0123456789");
            HttpResponse<String> unsatisfiable = http.send(HttpRequest.newBuilder(node.baseUri().resolve("/api/v1/storage-miner/blobs/" + hash))
                    .header("Range", "bytes=20-").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unsatisfiable.statusCode()).isEqualTo(416);
            assertThat(node.get("/api/v1/storage-miner/blobs/nothex").statusCode()).isEqualTo(400);
            assertThat(node.get("/api/v1/storage-miner/status").body()).contains("\"shards\":1");
        }
    }
}
