package io.quarry.bench;

import io.quarry.api.NodeContext;
import io.quarry.api.jsonrpc.JsonRpcDialect;
import io.quarry.api.jsonrpc.JsonRpcMethods;
import io.quarry.api.jsonrpc.JsonRpcServer;
import io.quarry.api.jsonrpc.JsonRpcServerSettings;
import io.quarry.api.miner.Miner;
import io.quarry.randomx.RandomxClusterPlugin;
import io.quarry.randomx.cluster.ClusterSecret;
import io.quarry.randomx.cluster.HashingPolicy;
import io.quarry.testkit.ContextProbe;
import io.quarry.testkit.TestNode;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * RandomX cluster throughput on one machine in one run, with the same pool stand-in (a Monero Stratum server on the
 * kernel's line server answering login, submit and keepalived, one job):
 * <ol>
 *   <li>rounds of two configurations, interleaved so machine noise hits both alike: one standalone node with 2
 *       threads, and a master and a worker with 1 thread each (the worker joins by {@code connect}; the cluster's
 *       rate is the sum of both nodes' own rates), all light mode. Odd rounds run the single node first, even rounds
 *       the pair first. Each round prints both rates and their ratio; the end prints the median ratio as
 *       {@code cluster_vs_single=<ratio>};</li>
 *   <li>a master in fast mode as the dataset host (needs about 3 GiB free; skipped otherwise) and a low-RAM worker
 *       ({@code ram_mb = 512}) with the plugin's own {@link HashingPolicy}: what the worker measured (light mode
 *       here against HASH_REQUESTs to the host), what the policy chose, and then both nodes' rates.</li>
 * </ol>
 * Each measurement starts fresh nodes, waits until every node hashes and a full 10-second window has passed, then
 * averages the nodes' 10-second rates sampled every second over the measuring window. Arguments: measuring
 * seconds per measurement (default 10), then either {@code fast-host} to run only the dataset-host phase, or the
 * number of rounds (default 3) and optionally {@code light-only} to skip the dataset-host phase.
 */
public final class ClusterBench {

    private static final String MINER = RandomxClusterPlugin.MINER_ID;
    /** The fast-mode dataset (2080 MiB), the cache and the nodes' heaps, with room to spare. */
    private static final long FAST_HOST_MIB = 3072;
    private static final String BLOB = "1010f4bae0b4069d648e741d85ca0e7acb4501f051b27e9b107d3cd7a3f03aa7f776089117c81a"
            + "00000000e0c20372be23d356347091025c5b5e8f2abf83ab618378565cce2b703491523401";
    private static final String SEED = "e2aa0b7b55042cd48b02e395d78fa66a29815ccc1584e38db2d1f0e8485cd44f";

    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory("cluster-bench");
        try {
            run(dir, args, seconds);
        } finally {
            // The nodes' data directories and the cluster secret go with the run.
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path dir, String[] args, int seconds) throws Exception {
        Path secret = dir.resolve("cluster.secret");
        Files.writeString(secret, ClusterSecret.generate().toHex() + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        ContextProbe probe = new ContextProbe();
        AtomicLong submits = new AtomicLong();
        try (TestNode poolHost = TestNode.builder(dir.resolve("pool")).plugin("pool", () -> probe).start();
             JsonRpcServer pool = openPool(probe.context(), submits)) {
            String poolUrl = "[{ url = \"127.0.0.1:" + pool.address().getPort() + "\", user = \"bench\" }]";
            if (args.length > 1 && args[1].equals("fast-host")) {
                fastHost(dir.resolve("fast"), secret, poolUrl, seconds);
                return;
            }
            int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
            boolean lightOnly = args.length > 2 && args[2].equals("light-only");
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double single = 0;
                double[] pair = null;
                // Alternate which configuration goes first, so a drift in the machine's load favours neither.
                for (int turn = 0; turn < 2; turn++) {
                    if ((turn == 0) == (round % 2 == 1)) {
                        single = single(dir.resolve("single-" + round), poolUrl, seconds);
                    } else {
                        pair = cluster(dir.resolve("pair-" + round), secret, poolUrl, seconds);
                    }
                }
                double ratio = (pair[0] + pair[1]) / single;
                ratios.add(ratio);
                System.out.printf(Locale.ROOT, "round %d (%s first): one node x 2 threads %.1f H/s; two nodes x 1 thread"
                        + " %.1f H/s (master %.1f + worker %.1f); ratio %.3f; load %s%n", round,
                        round % 2 == 1 ? "single" : "pair", single, pair[0] + pair[1], pair[0], pair[1], ratio,
                        loadAverage());
            }
            System.out.printf(Locale.ROOT, "ratios: %s%n", ratios.stream()
                    .map(r -> String.format(Locale.ROOT, "%.3f", r)).toList());
            System.out.printf(Locale.ROOT, "cluster_vs_single=%.3f%n", median(ratios));
            if (lightOnly) {
                System.out.println("fast-mode dataset host: skipped (light-only)");
            } else if (availableMib() < FAST_HOST_MIB) {
                System.out.printf(Locale.ROOT, "fast-mode dataset host: skipped, %d MiB available, needs %d%n",
                        availableMib(), FAST_HOST_MIB);
            } else {
                fastHost(dir.resolve("fast"), secret, poolUrl, seconds);
            }
            System.out.println("pool submits (all phases): " + submits.get());
        }
    }

    /** One standalone node's rate, light mode with 2 threads. */
    private static double single(Path dir, String poolUrl, int seconds) throws Exception {
        try (TestNode one = node(dir, 2, "light")
                .set("randomx-cluster.wallet_address", "\"bench\"").set("randomx-cluster.pools", poolUrl).start()) {
            return measure(List.of(one), seconds).get(0);
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Master and worker rates, both light mode with 1 thread, the worker joined by {@code connect}. */
    private static double[] cluster(Path dir, Path secret, String poolUrl, int seconds) throws Exception {
        int udp = freeUdpPort();
        try (TestNode master = clustered(dir.resolve("master"), secret, udp, "light")
                .set("randomx-cluster.role", "\"master\"").set("randomx-cluster.wallet_address", "\"bench\"")
                .set("randomx-cluster.pools", poolUrl).start();
             TestNode worker = clustered(dir.resolve("worker"), secret, freeUdpPort(), "light")
                     .set("randomx-cluster.role", "\"worker\"")
                     .set("randomx-cluster.connect", "\"127.0.0.1:" + udp + "\"")
                     .set("randomx-cluster.ram_mb", "4096").start()) {
            List<Double> rates = measure(List.of(master, worker), seconds);
            return new double[] {rates.get(0), rates.get(1)};
        }
    }

    /**
     * A master in fast mode (the dataset host, 1 mining thread) and a low-RAM worker ({@code ram_mb = 512}, light
     * mode) with the plugin's own {@link HashingPolicy}: prints what the worker measured (its light-mode rate and
     * its HASH_REQUESTs' rate), what the policy chose, then both nodes' rates over {@code seconds}.
     */
    private static void fastHost(Path dir, Path secret, String poolUrl, int seconds) throws Exception {
        int udp = freeUdpPort();
        long began = System.nanoTime();
        try (TestNode master = clustered(dir.resolve("master"), secret, udp, "fast")
                .set("randomx-cluster.role", "\"master\"").set("randomx-cluster.wallet_address", "\"bench\"")
                .set("randomx-cluster.dataset_host", "true")
                .set("randomx-cluster.pools", poolUrl).start()) {
            // The worker comes once the dataset is built: a batch sent meanwhile would wait for it and measure that.
            waitFor(() -> rate(master) > 0, Duration.ofSeconds(900));
            System.out.printf(Locale.ROOT, "fast-mode dataset host: dataset built, hashing after %.0f s (1 thread)%n",
                    (System.nanoTime() - began) / 1e9);
            try (TestNode worker = clustered(dir.resolve("worker"), secret, freeUdpPort(), "light")
                    .set("randomx-cluster.role", "\"worker\"")
                    .set("randomx-cluster.connect", "\"127.0.0.1:" + udp + "\"")
                    .set("randomx-cluster.ram_mb", "512").start()) {
                // The worker mines in light mode for the warm-up, then measures requests to the host.
                waitFor(() -> number(stats(worker), "remoteRate") > 0, Duration.ofSeconds(300));
                String choice = stats(worker).replaceAll("(?s).*\"hashing\":(\\{[^}]*\\}).*", "$1");
                System.out.printf(Locale.ROOT, "low-RAM worker's measurement and HashingPolicy.FASTER's choice: %s%n",
                        choice);
                List<Double> rates = measure(List.of(master, worker), seconds);
                String after = stats(worker);
                System.out.printf(Locale.ROOT, "fast-mode dataset host: own thread %.1f H/s; low-RAM worker %.1f H/s"
                        + " (%s; %d hashes from the host)%n", rates.get(0), rates.get(1),
                        after.contains("\"remote\":true") ? "through the host" : "light mode here",
                        (long) number(after, "remoteHashes"));
            }
        }
    }

    private static String stats(TestNode node) {
        return node.get("/api/v1/randomx-cluster/stats").body();
    }

    /** The first number named {@code field} in {@code json}, or -1. */
    private static double number(String json, String field) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\":([-0-9.eE+]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** Waits until every node hashes, then each node's mean 10-second rate over {@code seconds}. */
    private static List<Double> measure(List<TestNode> nodes, int seconds) throws InterruptedException {
        waitFor(() -> nodes.stream().allMatch(n -> rate(n) > 0), Duration.ofSeconds(180));
        Thread.sleep(10_000); // a full 10-second window of hashing before the first sample
        double[] sums = new double[nodes.size()];
        for (int s = 0; s < seconds; s++) {
            for (int i = 0; i < nodes.size(); i++) {
                sums[i] += rate(nodes.get(i));
            }
            Thread.sleep(1000);
        }
        List<Double> out = new ArrayList<>();
        for (double sum : sums) {
            out.add(sum / seconds);
        }
        return out;
    }

    private static double rate(TestNode node) {
        return node.miner(MINER).map(Miner::stats).map(s -> s.hashrate().tenSeconds()).orElse(0.0);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not reached within " + timeout);
            }
            Thread.sleep(500);
        }
    }

    private static TestNode.Builder node(Path dir, int threads, String mode) {
        RandomxClusterPlugin plugin = new RandomxClusterPlugin();
        return TestNode.builder(dir).plugin("randomx-cluster", () -> plugin)
                .set("randomx-cluster.mode", "\"" + mode + "\"")
                .set("randomx-cluster.threads", Integer.toString(threads))
                .set("randomx-cluster.huge_pages", "\"off\"");
    }

    private static TestNode.Builder clustered(Path dir, Path secret, int udp, String mode) {
        return node(dir, 1, mode)
                .set("randomx-cluster.cluster_secret_file", "\"" + secret + "\"")
                .set("randomx-cluster.discovery_port", Integer.toString(udp));
    }

    /** MemAvailable from /proc/meminfo, in MiB (0 when unreadable). */
    private static long availableMib() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemAvailable:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return 0;
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A Monero Stratum pool: one job at difficulty about 100 000, every submit accepted and counted. */
    private static JsonRpcServer openPool(NodeContext context, AtomicLong submits) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("blob", BLOB);
        job.put("job_id", "bench-1");
        job.put("target", "b88d0600");
        job.put("algo", "rx/0");
        job.put("height", 3195018L);
        job.put("seed_hash", SEED);
        JsonRpcMethods methods = new JsonRpcMethods(Map.of(
                "login", (session, request) -> Map.of("id", "bench-login", "job", job, "extensions", List.of("algo"),
                        "status", "OK"),
                "submit", (session, request) -> {
                    submits.incrementAndGet();
                    return Map.of("status", "OK");
                },
                "keepalived", (session, request) -> Map.of("status", "KEEPALIVED")));
        return context.jsonRpc().open(JsonRpcServerSettings.of("bench-pool", "127.0.0.1", 0)
                .withDialect(JsonRpcDialect.MONERO_STRATUM), session -> methods);
    }
}
