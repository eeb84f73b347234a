package io.quarry.subnet.bench;

import static io.quarry.subnet.node.PolkadotJs.op;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.subnet.SubnetHandler;
import io.quarry.api.subnet.SubnetHandlers;
import io.quarry.api.subnet.SubnetRequest;
import io.quarry.subnet.MinerFixtures;
import io.quarry.subnet.crypto.Sr25519;
import io.quarry.subnet.crypto.Sr25519KeyPair;
import io.quarry.subnet.epistula.EpistulaSigner;
import io.quarry.subnet.node.PolkadotJs;
import io.quarry.testkit.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bench/subnet.sh: (1) sr25519 verifications per second, Java ({@link Sr25519#verify}) and @polkadot/util-crypto
 * (its JavaScript sr25519Verify, and @polkadot/wasm-crypto's WASM one) taking turns in the same run, one
 * thread each; (2) Epistula-verified requests per second through a real node's public listener on a trivial
 * handler, with signatures made before the clock starts. Verification rates are given per second of wall-clock
 * time and per second of CPU time (Java's measuring thread, Node's whole process), the latter moving less with
 * the load other processes put on the machine.
 */
public final class SubnetBench {

    private static final byte[] MESSAGE = ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
            + ".uuid.1700000000000.").getBytes(StandardCharsets.UTF_8);

    private static final int COLD_KEYS = 1500;
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private SubnetBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 4000;
        verifications(rounds, seconds);
        requests(rounds, requests);
    }

    private static void verifications(int rounds, double seconds) {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) 9);
        Sr25519KeyPair pair = Sr25519.fromSeed(seed);
        byte[] signature = Sr25519.sign(pair, MESSAGE, new SecureRandom());
        byte[] key = pair.publicKey();
        timedJava(3, key, signature);
        coldJava(200, 1000);
        System.out.println("sr25519 verifications per second, one thread each (round: Java with a known key, util-crypto"
                + " JS, WASM, Java/JS, Java/WASM; then Java with keys never seen before, its ratio to WASM; then the"
                + " same per second of CPU time: Java's thread, Node's process)");
        List<double[]> results = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            double[] java = timedJava(seconds, key, signature);
            JsonNode node = PolkadotJs.run(List.of(op("bench", "seconds", seconds))).get(0);
            double js = node.get("utilCryptoPerSecond").asDouble();
            double wasm = node.get("wasmPerSecond").asDouble();
            double jsCpu = node.get("utilCryptoPerCpuSecond").asDouble();
            double wasmCpu = node.get("wasmPerCpuSecond").asDouble();
            double[] cold = coldJava(COLD_KEYS, 1000 + r * COLD_KEYS);
            results.add(new double[] {java[0], js, wasm, java[0] / js, java[0] / wasm, cold[0], cold[0] / wasm,
                java[1], jsCpu, wasmCpu, java[1] / wasmCpu, cold[1], cold[1] / wasmCpu, java[1] / jsCpu});
            System.out.printf("  round %d: %.0f  %.0f  %.0f  %.1fx  %.2fx;  cold %.0f  %.2fx;  CPU time: %.0f  %.0f  %.0f"
                    + "  %.1fx  %.2fx;  cold %.0f  %.2fx%n", r, java[0], js, wasm, java[0] / js, java[0] / wasm,
                    cold[0], cold[0] / wasm, java[1], jsCpu, wasmCpu, java[1] / jsCpu, java[1] / wasmCpu, cold[1],
                    cold[1] / wasmCpu);
        }
        // Ratios are taken per round (the two ran back to back under the same load), then their median.
        System.out.printf("  median: Java %.0f/s, util-crypto JS %.0f/s, WASM %.0f/s; per-round Java/JS %.1fx,"
                + " Java/WASM %.2fx; cold keys Java %.0f/s, per-round Java/WASM %.2fx%n", median(results, 0),
                median(results, 1), median(results, 2), median(results, 3), median(results, 4), median(results, 5),
                median(results, 6));
        System.out.printf("  median per CPU second: Java %.0f/s, util-crypto JS %.0f/s, WASM %.0f/s; per-round"
                + " Java/JS %.1fx, Java/WASM %.2fx; cold keys Java %.0f/s, per-round Java/WASM %.2fx%n",
                median(results, 7), median(results, 8), median(results, 9), median(results, 13),
                median(results, 10), median(results, 11), median(results, 12));
    }

    /**
     * Verifications per second (of wall-clock time, then of the thread's CPU time) when every key is new to the
     * verifier (each verified once: decoded, no table), the case of a request from a key the miner has not
     * heard before. Keys and signatures are made before the clock starts; {@code firstSeed} keeps the rounds'
     * keys apart.
     */
    private static double[] coldJava(int keys, int firstSeed) {
        byte[][] publicKeys = new byte[keys][];
        byte[][] signatures = new byte[keys][];
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < keys; i++) {
            byte[] seed = new byte[32];
            ByteBuffer.wrap(seed).putInt(firstSeed + i).putInt(0x51c0_1d00);
            Sr25519KeyPair pair = Sr25519.fromSeed(seed);
            publicKeys[i] = pair.publicKey();
            signatures[i] = Sr25519.sign(pair, MESSAGE, random);
        }
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < keys; i++) {
            if (!Sr25519.verify(MESSAGE, signatures[i], publicKeys[i])) {
                throw new IllegalStateException("verify failed");
            }
        }
        return new double[] {keys / ((System.nanoTime() - start) / 1e9),
            keys / ((THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9)};
    }

    private static double[] timedJava(double seconds, byte[] key, byte[] signature) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long n = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 20; i++, n++) {
                if (!Sr25519.verify(MESSAGE, signature, key)) {
                    throw new IllegalStateException("verify failed");
                }
            }
        }
        return new double[] {n / ((System.nanoTime() - start) / 1e9),
            n / ((THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9)};
    }

    /** A plugin adding the trivial signed route {@code /ping}. */
    static final class Ping implements QuarryPlugin {
        private NodeContext context;

        @Override
        public void init(NodeContext context) {
            this.context = context;
        }

        @Override
        public void start() {
            context.service(SubnetHandlers.class).orElseThrow().register(new SubnetHandler<Void>() {
                @Override
                public String route() {
                    return "/ping";
                }

                @Override
                public Class<Void> requestType() {
                    return Void.class;
                }

                @Override
                public Object handle(SubnetRequest<Void> request) {
                    return Map.of("ok", true);
                }
            });
        }

        @Override
        public void stop() {
        }
    }

    private static void requests(int rounds, int perRound) throws Exception {
        Path dir = Files.createTempDirectory("subnet-bench");
        MinerFixtures.write(dir);
        int concurrency = 8;
        TestNode.Builder builder = TestNode.builder(dir.resolve("node"))
                .plugin("subnet-miner", () -> new io.quarry.subnet.SubnetMinerPlugin(InstantSource.system()))
                .plugin("ping", Ping::new)
                .set("subnet-miner.listen", "\"127.0.0.1:0\"")
                .set("subnet-miner.wallet_path", "\"" + dir.resolve("wallets") + "\"")
                .set("subnet-miner.metagraph_file", "\"" + dir.resolve("metagraph.json") + "\"")
                .set("subnet-miner.max_requests", "1000000")
                .set("subnet-miner.freshness_ms", "600000");
        EpistulaSigner signer = new EpistulaSigner(MinerFixtures.hotkey(MinerFixtures.VALIDATOR), InstantSource.system());
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        try (TestNode node = builder.start()) {
            String listen = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(node.get("/api/v1/subnet-miner/stats").body()).at("/extra/listen").asText();
            URI ping = URI.create("http://" + listen + "/ping");
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            System.out.printf("Epistula-verified requests per second on a trivial handler (%d clients in the same"
                    + " JVM, keep-alive, %d requests per round, signed in advance)%n", concurrency, perRound);
            List<double[]> results = new ArrayList<>();
            for (int r = 0; r <= rounds; r++) {
                List<Map<String, String>> signed = new ArrayList<>(perRound);
                for (int i = 0; i < perRound; i++) {
                    signed.add(signer.headers(body, Optional.empty()));
                }
                AtomicInteger next = new AtomicInteger();
                AtomicInteger failures = new AtomicInteger();
                long start = System.nanoTime();
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<?>> clients = new ArrayList<>();
                    for (int c = 0; c < concurrency; c++) {
                        clients.add(pool.submit(() -> {
                            for (int i = next.getAndIncrement(); i < perRound; i = next.getAndIncrement()) {
                                HttpRequest.Builder request = HttpRequest.newBuilder(ping)
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                                signed.get(i).forEach(request::header);
                                HttpResponse<String> response = client.send(request.build(),
                                        HttpResponse.BodyHandlers.ofString());
                                if (response.statusCode() != 200) {
                                    failures.incrementAndGet();
                                }
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : clients) {
                        f.get();
                    }
                }
                double perSecond = perRound / ((System.nanoTime() - start) / 1e9);
                if (failures.get() > 0) {
                    throw new IllegalStateException(failures.get() + " requests were not answered 200");
                }
                if (r == 0) {
                    System.out.printf("  warm-up: %.0f/s%n", perSecond);
                } else {
                    results.add(new double[] {perSecond});
                    System.out.printf("  round %d: %.0f/s%n", r, perSecond);
                }
            }
            System.out.printf("  median: %.0f requests/s%n", median(results, 0));
        }
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}
