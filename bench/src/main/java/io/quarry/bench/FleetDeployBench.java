package io.quarry.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerRegistry;
import io.quarry.fleet.bundle.BundleCrypto;
import io.quarry.fleet.bundle.BundleInstaller;
import io.quarry.fleet.bundle.BundleSpool;
import io.quarry.fleet.bundle.BundleType;
import io.quarry.fleet.bundle.DeployAck;
import io.quarry.fleet.bundle.WorkerDeployer;
import io.quarry.fleet.controller.FleetClient;
import io.quarry.fleet.controller.FleetController;
import io.quarry.fleet.node.FleetRole;
import io.quarry.fleet.node.NodeInfo;
import io.quarry.fleet.peer.Peer;
import io.quarry.fleet.peer.PeerRegistry;
import io.quarry.fleet.peer.PeerWeights;
import io.quarry.fleet.protocol.AuditLog;
import io.quarry.fleet.protocol.CommandGate;
import io.quarry.fleet.protocol.FleetProtocol;
import io.quarry.fleet.worker.DeployHandler;
import io.quarry.fleet.worker.WorkerActions;
import io.quarry.kernel.identity.NodeIdentity;
import io.quarry.kernel.transport.NettyTransport;
import io.quarry.kernel.transport.TransportSettings;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fleet controller and one worker in one JVM over the real transport: the controller spools a bundle with one
 * file of N MiB (random bytes) and deploys it with the plugin's {@link FleetController} (signed header, chunked
 * ChaCha20-Poly1305 streamed on {@code fleet-control/deploy/1}); the worker's real {@link DeployHandler} and
 * {@link WorkerDeployer} check, decrypt to its spool, verify and install it. Every round checks the installed
 * file's SHA-256 against the original. Run it with a heap smaller than the bundle to show it is never held whole.
 * Usage: FleetDeployBench [MiB] [rounds]
 */
public final class FleetDeployBench {

    private FleetDeployBench() {
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long size = (long) mib << 20;
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        InstantSource clock = InstantSource.system();
        Path dir = Files.createTempDirectory("quarry-deploy-bench-");
        NodeIdentity controllerId = NodeIdentity.generate();
        NodeIdentity workerId = NodeIdentity.generate();
        AtomicLong peakHeap = new AtomicLong();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakHeap.accumulateAndGet(usedBytes(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try (NettyTransport controllerTransport = NettyTransport.start(TransportSettings.DEFAULTS, controllerId.keyPair(),
                controllerId.nodeId(), new InetSocketAddress("127.0.0.1", 0), handlers, new SimpleMeterRegistry());
                NettyTransport workerTransport = NettyTransport.start(TransportSettings.DEFAULTS, workerId.keyPair(),
                        workerId.nodeId(), new InetSocketAddress("127.0.0.1", 0), handlers, new SimpleMeterRegistry())) {
            CommandGate gate = new CommandGate(workerId.nodeId(), () -> Set.of(controllerId.nodeId()), Duration.ofSeconds(30), clock);
            workerTransport.registerUpload(FleetProtocol.DEPLOY, new DeployHandler(gate,
                    new AuditLog(new SimpleMeterRegistry(), "accepted", "refused"),
                    new WorkerDeployer(workerId, new BundleInstaller(dir.resolve("worker/deployed")),
                            dir.resolve("worker/spool"), size + (1 << 20)), () -> true));
            PeerRegistry registry = new PeerRegistry(new io.quarry.testkit.MemoryKeyValueStore(), PeerWeights.DEFAULT);
            Peer worker = new Peer(workerId.nodeId(), "w", "127.0.0.1", workerTransport.listenAddress().getPort(),
                    FleetRole.WORKER, clock.millis(), 0, -1, 1, 0, Peer.INITIAL_SCORE, "");
            registry.put(worker);
            FleetClient client = new FleetClient(controllerId, controllerTransport, registry, clock, Duration.ofSeconds(30));
            FleetController controller = new FleetController(registry, client, handlers,
                    () -> new NodeInfo(controllerId.nodeId(), "c", "controller", "bench", List.of()),
                    new WorkerActions(new NoMiners(), () -> null, clock), () -> false);

            Path program = dir.resolve("program");
            String expected = writeRandom(program, size);
            long[] millis = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                try (BundleSpool spool = BundleSpool.create(dir.resolve("controller/spool"), size + (1 << 20));
                        InputStream in = Files.newInputStream(program)) {
                    long start = System.nanoTime();
                    spool.add("bin/program", size, true, in);
                    spool.finish();
                    DeployAck ack = controller.deploy(worker, BundleType.MINER, spool);
                    millis[r] = (System.nanoTime() - start) / 1_000_000;
                    String installed = sha256(dir.resolve("worker/deployed/miner/bin/program"));
                    if (ack.files() != 1 || !installed.equals(expected)) {
                        throw new IllegalStateException("round " + r + ": " + ack + ", installed sha256 " + installed);
                    }
                }
                System.out.printf("round %d: %d ms (%.1f MiB/s), peak heap so far %d MiB%n", r, millis[r],
                        mib * 1000.0 / millis[r], peakHeap.get() >> 20);
            }
            Arrays.sort(millis);
            long median = millis[rounds / 2];
            System.out.printf("bundle %d MiB, %d rounds: median %d ms (%.1f MiB/s, spool + seal + transport + open + "
                    + "install), min %d ms, max %d ms; max heap %d MiB, peak heap used %d MiB; load average: %s%n",
                    mib, rounds, median, mib * 1000.0 / median, millis[0], millis[rounds - 1],
                    Runtime.getRuntime().maxMemory() >> 20, peakHeap.get() >> 20,
                    Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            sampler.interrupt();
            handlers.shutdownNow();
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String writeRandom(Path file, long size) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(1);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                int n = (int) Math.min(block.length, left);
                out.write(block, 0, n);
                sha.update(block, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest sha = BundleCrypto.sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static long usedBytes() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** The controller's own worker side: no miners. */
    private static final class NoMiners implements MinerRegistry {
        @Override
        public void register(Miner m) {
            throw new UnsupportedOperationException("no miners here");
        }

        @Override
        public void unregister(String minerId) {
        }

        @Override
        public List<Miner> all() {
            return List.of();
        }

        @Override
        public Optional<Miner> find(String minerId) {
            return Optional.empty();
        }
    }
}
