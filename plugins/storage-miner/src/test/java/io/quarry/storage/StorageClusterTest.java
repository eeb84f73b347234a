package io.quarry.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.api.proof.StorageChallenge;
import io.quarry.api.proof.StorageProof;
import io.quarry.storage.store.ShardId;
import io.quarry.testkit.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One validator and three miners in three families, each a real node in this JVM talking over the kernel
 * transport: miners register, the validator adopts a map, files go up and come back byte for byte, and still
 * come back with one family gone.
 */
class StorageClusterTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    final List<TestNode> nodes = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
        http.close();
    }

    final StorageMinerPlugin[] validatorPlugin = new StorageMinerPlugin[1];

    TestNode validator() {
        TestNode node = TestNode.builder(dir.resolve("validator"))
                .plugin("storage-miner", () -> validatorPlugin[0] = new StorageMinerPlugin())
                .set("storage-miner.roles", "[\"validator\"]")
                .set("storage-miner.data_shards", "2")
                .set("storage-miner.parity_shards", "1")
                .set("storage-miner.pg_count", "64")
                .set("storage-miner.challenge_interval_secs", "0")
                // Uploads stream: files of 2 and 5 MiB pass a buffered-body limit of 1 MiB.
                .set("http.max_body_bytes", "1048576")
                .start();
        nodes.add(node);
        return node;
    }

    TestNode miner(int i, TestNode validator, StorageMinerPlugin[] plugin) {
        TestNode node = TestNode.builder(dir.resolve("miner" + i))
                .plugin("storage-miner", () -> plugin[0] = new StorageMinerPlugin())
                .set("storage-miner.roles", "[\"miner\"]")
                .set("storage-miner.family_id", "\"family-" + i + "\"")
                .set("storage-miner.validator_node_id", "\"" + validator.peerAddress().nodeId() + "\"")
                .set("storage-miner.validator_address", "\"127.0.0.1:" + validator.peerAddress().port() + "\"")
                .set("storage-miner.heartbeat_interval_secs", "1")
                .set("storage-miner.storage_path", "\"" + blobs(i) + "\"")
                .start();
        nodes.add(node);
        return node;
    }

    Path blobs(int miner) {
        return dir.resolve("blobs-" + miner);
    }

    @Test
    void filesRoundTripThroughMinersAndSurviveALostFamily() throws Exception {
        TestNode validator = validator();
        StorageMinerPlugin[][] plugins = new StorageMinerPlugin[3][1];
        List<TestNode> miners = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            miners.add(miner(i, validator, plugins[i]));
        }
        awaitState(() -> onlineMiners(validator) == 3 && cluster(validator).get("epoch").asLong() >= 1);
        // Every miner got the map.
        for (StorageMinerPlugin[] plugin : plugins) {
            awaitState(() -> plugin[0].minerService().orElseThrow().placement().isPresent());
        }

        Random random = new Random(3);
        List<byte[]> files = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int size : new int[] {0, 1, 2 * 1024 * 1024, 5 * 1024 * 1024 + 7}) {
            byte[] file = new byte[size];
            random.nextBytes(file);
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(validator.baseUri().resolve("/api/v1/storage-miner/files"))
                    .header("Authorization", "Bearer " + validator.apiToken())
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(put.body());
            assertThat(answer.get("fileId").asText()).isEqualTo(ShardId.of(file).hex());
            assertThat(answer.get("size").asLong()).isEqualTo(size);
            assertThat(answer.get("stripes").asInt()).isEqualTo((size + (2 << 20) - 1) / (2 << 20));
            files.add(file);
            ids.add(answer.get("fileId").asText());
        }
        HttpResponse<String> unauthorized = http.send(HttpRequest.newBuilder(validator.baseUri().resolve("/api/v1/storage-miner/files"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[10])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        for (int i = 0; i < files.size(); i++) {
            assertThat(download(validator, ids.get(i))).as("file %d", i).isEqualTo(files.get(i));
        }
        long shards = 0;
        for (StorageMinerPlugin[] plugin : plugins) {
            shards += plugin[0].minerService().orElseThrow().shards().count();
        }
        // 1 + 1 + 3 stripes of 3 shards each (the empty file has no stripes).
        assertThat(shards).isEqualTo(15);

        // The miners' proof source proves real stored shards.
        var source = plugins[0][0].minerService().orElseThrow();
        StorageChallenge challenge = new StorageChallenge(new byte[32], 4);
        StorageProof proof = new io.quarry.storage.pos.ShardProofSource(source.shards()).prove(challenge).orElseThrow();
        assertThat(proof.samples()).hasSize(4);

        // A miner whose shard is corrupted on disk fails its challenge and loses reputation; an honest one passes.
        var runtime = validatorPlugin[0].validator().orElseThrow();
        var manifest = runtime.manifests().get(ids.get(3)).orElseThrow();
        var holders = runtime.membership().placement().orElseThrow().minersOf(manifest.stripes().get(0).pg());
        int cheat = -1;
        for (int i = 0; i < miners.size(); i++) {
            if (miners.get(i).peerAddress().nodeId().equals(holders.get(0).nodeId())) {
                cheat = i;
            }
        }
        String hash = manifest.stripes().get(0).shards().get(0);
        Path shardFile = blobs(cheat).resolve("shards").resolve(hash.substring(0, 2)).resolve(hash);
        byte[] onDisk = java.nio.file.Files.readAllBytes(shardFile);
        onDisk[onDisk.length / 2] ^= 1;
        java.nio.file.Files.write(shardFile, onDisk);
        assertThat(runtime.warden().challenge(manifest, 0, 0)).contains(false);
        assertThat(runtime.warden().challenge(manifest, 0, 1)).contains(true);
        assertThat(runtime.warden().reputations().get(holders.get(0).nodeId()).failed()).isOne();
        assertThat(runtime.warden().reputations().get(holders.get(0).nodeId()).score()).isLessThan(1.0);
        assertThat(runtime.warden().reputations().get(holders.get(1).nodeId()).passed()).isOne();
        assertThat(runtime.warden().reputations().get(holders.get(1).nodeId()).failed()).isZero();
        assertThat(download(validator, ids.get(3))).isEqualTo(files.get(3));

        // Lose one family (the cheat's, so the corrupted shard is not a second loss): every file still downloads
        // from the other two.
        miners.get(cheat).close();
        nodes.remove(miners.get(cheat));
        for (int i = 0; i < files.size(); i++) {
            assertThat(download(validator, ids.get(i))).as("file %d without family-%d", i, cheat).isEqualTo(files.get(i));
        }

        JsonNode cluster = cluster(validator);
        assertThat(cluster.get("miners")).hasSize(3);
        assertThat(cluster.get("redundancy")).hasSize(4);
        for (JsonNode file : cluster.get("redundancy")) {
            assertThat(file.get("shardsPerStripe").asInt()).isEqualTo(3);
        }
        assertThat(cluster.get("miners").get(0).has("nodeId")).isTrue();
        assertThat(cluster.get("miners").get(0).has("familyId")).isTrue();
        assertThat(cluster.get("miners").get(0).has("online")).isTrue();

        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(validator.baseUri().resolve("/api/v1/storage-miner/files/" + ids.get(2)))
                .header("Authorization", "Bearer " + validator.apiToken()).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(204);
        assertThat(http.send(HttpRequest.newBuilder(validator.baseUri().resolve("/api/v1/storage-miner/files/" + ids.get(2))).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    byte[] download(TestNode validator, String fileId) throws IOException, InterruptedException {
        HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(validator.baseUri().resolve("/api/v1/storage-miner/files/" + fileId))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(get.statusCode()).as(new String(get.body())).isEqualTo(200);
        return get.body();
    }

    static JsonNode cluster(TestNode validator) {
        try {
            return JSON.readTree(validator.get("/api/v1/storage-miner/cluster").body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static int onlineMiners(TestNode validator) {
        int online = 0;
        for (JsonNode miner : cluster(validator).get("miners")) {
            online += miner.get("online").asBoolean() ? 1 : 0;
        }
        return online;
    }

    /** Waits for a state; the bound only keeps a broken build from hanging. */
    static void awaitState(BooleanSupplier state) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!state.getAsBoolean()) {
            assertThat(System.nanoTime()).as("state not reached within %s", WAIT).isLessThan(end);
            Thread.sleep(50);
        }
    }
}
