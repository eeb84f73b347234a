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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A storage cluster of real quarry.jar processes, kept small for CI: one validator and six miners in three
 * families (4 data + 2 parity shards). Files go up through the validator's HTTP route and come back byte for
 * byte, also after both miners of one family are killed with SIGKILL.
 */
@Tag("process")
class StorageClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<QuarryProcess> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        processes.forEach(QuarryProcess::close);
    }

    private QuarryProcess node(String name, int httpPort, int transportPort, String storage) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        Path config = home.resolve("quarry.toml");
        Files.writeString(config, """
                [node]
                name = "%s"
                data_dir = "data"
                [http]
                listen = "127.0.0.1:%d"
                max_body_bytes = 16777216
                [transport]
                listen = "127.0.0.1:%d"
                [plugins]
                enabled = ["storage-miner"]
                [storage-miner]
                %s
                """.formatted(name, httpPort, transportPort, storage));
        QuarryProcess process = QuarryProcess.start(home, Map.of(), "run", "--config", config.toString());
        processes.add(process);
        String health = process.awaitOk(URI.create("http://127.0.0.1:" + httpPort + "/health"), START);
        assertThat(health).as("%s did not start; stderr:\n%s", name, process.stderr()).isNotNull();
        return process;
    }

    @Test
    void filesSurviveTheLossOfAFamily() throws Exception {
        int validatorHttp = QuarryProcess.freePort();
        int validatorTransport = QuarryProcess.freePort();
        node("validator", validatorHttp, validatorTransport, """
                roles = ["validator"]
                data_shards = 4
                parity_shards = 2
                pg_count = 64
                challenge_interval_secs = 0
                """);
        URI base = URI.create("http://127.0.0.1:" + validatorHttp + "/api/v1/storage-miner/");
        String validatorId;
        try (HttpClient http = HttpClient.newHttpClient()) {
            validatorId = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + validatorHttp
                    + "/health")).build(), HttpResponse.BodyHandlers.ofString()).body()).path("nodeId").asText();
        }
        List<QuarryProcess> familyOne = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            for (int m = 0; m < 2; m++) {
                QuarryProcess miner = node("miner-" + f + m, QuarryProcess.freePort(), QuarryProcess.freePort(), """
                        family_id = "family-%d"
                        validator_node_id = "%s"
                        validator_address = "127.0.0.1:%d"
                        heartbeat_interval_secs = 2
                        """.formatted(f, validatorId, validatorTransport));
                if (f == 1) {
                    familyOne.add(miner);
                }
            }
        }
        String token = Files.readString(dir.resolve("validator/data/identity/api-token")).trim();
        try (HttpClient http = HttpClient.newHttpClient()) {
            awaitSixOnline(http, base);
            Random random = new Random(17);
            List<byte[]> files = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                byte[] file = new byte[i == 0 ? 0 : random.nextInt(5 << 20)];
                random.nextBytes(file);
                HttpResponse<String> put = http.send(HttpRequest.newBuilder(base.resolve("files"))
                        .header("Authorization", "Bearer " + token)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
                JsonNode answer = JSON.readTree(put.body());
                assertThat(answer.path("size").asLong()).isEqualTo(file.length);
                files.add(file);
                ids.add(answer.path("fileId").asText());
            }
            for (int i = 0; i < files.size(); i++) {
                assertThat(get(http, base, ids.get(i))).as("file %d", i).isEqualTo(files.get(i));
            }
            familyOne.forEach(QuarryProcess::close); // SIGKILL
            for (int i = 0; i < files.size(); i++) {
                assertThat(get(http, base, ids.get(i))).as("file %d without family-1", i).isEqualTo(files.get(i));
            }
        }
    }

    private static byte[] get(HttpClient http, URI base, String fileId) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(base.resolve("files/" + fileId)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        return response.body();
    }

    /** Waits for the state (six miners online in an adopted map); the bound only keeps a broken build from hanging. */
    private static void awaitSixOnline(HttpClient http, URI base) throws Exception {
        long end = System.nanoTime() + START.toNanos();
        while (true) {
            JsonNode cluster = JSON.readTree(http.send(HttpRequest.newBuilder(base.resolve("cluster")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            int online = 0;
            for (JsonNode miner : cluster.path("miners")) {
                online += miner.path("online").asBoolean() ? 1 : 0;
            }
            if (online == 6 && cluster.path("placementProblem").isNull() && cluster.path("epoch").asLong() >= 1) {
                return;
            }
            assertThat(System.nanoTime()).as("six miners online: %s", cluster).isLessThan(end);
            Thread.sleep(100);
        }
    }
}
