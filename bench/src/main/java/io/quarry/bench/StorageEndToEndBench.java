package io.quarry.bench;

import io.quarry.storage.StorageMinerPlugin;
import io.quarry.testkit.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Upload and download MB/s end to end: a validator and miners as real Quarry nodes in one JVM (the testkit),
 * files PUT to and GET from the validator's HTTP routes (RS coding, placement, pushes over the transport, fetch,
 * verification, rebuild). Run by bench/storage-e2e.sh.
 *
 * <p>Usage: StorageEndToEndBench [rounds] [fileMiB] [families] [minersPerFamily] [dataShards] [parityShards]
 */
public final class StorageEndToEndBench {

    private StorageEndToEndBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int mib = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int families = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int perFamily = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int data = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        int parity = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        Path dir = Files.createTempDirectory("storage-e2e-bench");
        List<TestNode> nodes = new ArrayList<>();
        StorageMinerPlugin[] validatorPlugin = new StorageMinerPlugin[1];
        try (HttpClient http = HttpClient.newHttpClient()) {
            TestNode validator = TestNode.builder(dir.resolve("validator"))
                    .plugin("storage-miner", () -> validatorPlugin[0] = new StorageMinerPlugin())
                    .set("storage-miner.roles", "[\"validator\"]")
                    .set("storage-miner.data_shards", String.valueOf(data))
                    .set("storage-miner.parity_shards", String.valueOf(parity))
                    .set("storage-miner.challenge_interval_secs", "0")
                    .set("http.max_body_bytes", String.valueOf((mib + 1L) << 20))
                    .start();
            nodes.add(validator);
            for (int f = 0; f < families; f++) {
                for (int m = 0; m < perFamily; m++) {
                    nodes.add(TestNode.builder(dir.resolve("miner-" + f + "-" + m))
                            .plugin("storage-miner", StorageMinerPlugin::new)
                            .set("storage-miner.family_id", "\"f" + f + "\"")
                            .set("storage-miner.validator_node_id", "\"" + validator.peerAddress().nodeId() + "\"")
                            .set("storage-miner.validator_address", "\"127.0.0.1:" + validator.peerAddress().port() + "\"")
                            .set("storage-miner.heartbeat_interval_secs", "1")
                            .start());
                }
            }
            var membership = validatorPlugin[0].validator().orElseThrow().membership();
            while (membership.epoch() == 0 || membership.miners().size() < families * perFamily) {
                Thread.sleep(100);
            }
            Random random = new Random(1);
            double[] up = new double[rounds];
            double[] down = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                byte[] file = new byte[mib << 20];
                random.nextBytes(file);
                URI files = validator.baseUri().resolve("/api/v1/storage-miner/files");
                long start = System.nanoTime();
                HttpResponse<String> put = http.send(HttpRequest.newBuilder(files)
                        .header("Authorization", "Bearer " + validator.apiToken())
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
                up[r] = file.length / 1e6 / ((System.nanoTime() - start) / 1e9);
                if (put.statusCode() != 200) {
                    throw new IllegalStateException("upload failed: " + put.body());
                }
                String fileId = put.body().replaceAll(".*\"fileId\":\"([0-9a-f]{64})\".*", "$1");
                start = System.nanoTime();
                HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(files.resolve("files/" + fileId)).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                down[r] = file.length / 1e6 / ((System.nanoTime() - start) / 1e9);
                if (!Arrays.equals(get.body(), file)) {
                    throw new IllegalStateException("download differs");
                }
                System.out.printf("round %d: upload %.0f MB/s, download %.0f MB/s%n", r + 1, up[r], down[r]);
            }
            Arrays.sort(up);
            Arrays.sort(down);
            System.out.printf("median upload %.0f MB/s, download %.0f MB/s (%d MiB files, %d+%d over %d x %d miners)%n",
                    up[rounds / 2], down[rounds / 2], mib, data, parity, families, perFamily);
        } finally {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).close();
            }
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
