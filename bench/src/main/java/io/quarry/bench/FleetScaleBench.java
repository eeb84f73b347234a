package io.quarry.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerRegistry;
import io.quarry.api.miner.MinerState;
import io.quarry.api.miner.MinerStats;
import io.quarry.fleet.controller.FleetClient;
import io.quarry.fleet.controller.FleetController;
import io.quarry.fleet.controller.FleetStats;
import io.quarry.fleet.node.FleetRole;
import io.quarry.fleet.node.NodeInfo;
import io.quarry.fleet.peer.Peer;
import io.quarry.fleet.peer.PeerRegistry;
import io.quarry.fleet.peer.PeerWeights;
import io.quarry.fleet.protocol.AuditLog;
import io.quarry.fleet.protocol.CommandGate;
import io.quarry.fleet.protocol.FleetProtocol;
import io.quarry.fleet.worker.CommandHandler;
import io.quarry.fleet.worker.WorkerActions;
import io.quarry.kernel.identity.NodeIdentity;
import io.quarry.kernel.transport.NettyTransport;
import io.quarry.kernel.transport.TransportSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One fleet controller and N lightweight workers in one JVM: each worker is a real transport endpoint (its own
 * identity, TLS 1.3, one event-loop thread) serving the real command handler (gate, signature check, audit,
 * worker actions) over one stand-in miner; there is no HTTP, store or plugin host per worker. Measures the
 * controller's fleet stats read ({@code remote status} for all), first with connections to open, then warm.
 * Usage: FleetScaleBench [workers] [rounds]
 */
public final class FleetScaleBench {

    private FleetScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        TransportSettings d = TransportSettings.DEFAULTS;
        TransportSettings lean = new TransportSettings(d.connectTimeout(), d.handshakeTimeout(), d.requestTimeout(),
                d.readTimeout(), d.idleTtl(), d.maxFrameBytes(), d.backoffInitial(), d.backoffMax(), d.maxInboundHandlers(),
                d.maxConnections(), d.maxConnectionsPerIp(), d.streamChunkBytes(), d.streamWindowBytes(), 1, d.tlsProvider(),
                d.spinWait());
        TransportSettings controllerSettings = new TransportSettings(d.connectTimeout(), d.handshakeTimeout(),
                d.requestTimeout(), d.readTimeout(), d.idleTtl(), d.maxFrameBytes(), d.backoffInitial(), d.backoffMax(),
                d.maxInboundHandlers(), d.maxConnections(), d.maxConnectionsPerIp(), d.streamChunkBytes(),
                d.streamWindowBytes(), 2, d.tlsProvider(), d.spinWait());
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        InstantSource clock = InstantSource.system();
        NodeIdentity controllerId = NodeIdentity.generate();
        List<NettyTransport> started = new ArrayList<>();
        long setupStart = System.nanoTime();
        try {
            NettyTransport controllerTransport = NettyTransport.start(controllerSettings, controllerId.keyPair(),
                    controllerId.nodeId(), new InetSocketAddress("127.0.0.1", 0), handlers, new SimpleMeterRegistry());
            started.add(controllerTransport);
            PeerRegistry registry = new PeerRegistry(new io.quarry.testkit.MemoryKeyValueStore(), PeerWeights.DEFAULT);
            for (int i = 0; i < workers; i++) {
                NodeIdentity id = NodeIdentity.generate();
                NettyTransport t = NettyTransport.start(lean, id.keyPair(), id.nodeId(), new InetSocketAddress("127.0.0.1", 0),
                        handlers, new SimpleMeterRegistry());
                started.add(t);
                WorkerActions actions = new WorkerActions(new OneMiner(new StandInMiner(i)),
                        () -> new NodeInfo(id.nodeId(), "w" + 0, "worker", "bench", List.of()), clock);
                CommandGate gate = new CommandGate(id.nodeId(), () -> Set.of(controllerId.nodeId()), Duration.ofSeconds(30), clock);
                t.register(FleetProtocol.COMMAND, new CommandHandler(gate,
                        new AuditLog(new SimpleMeterRegistry(), "accepted", "refused"), actions, () -> true));
                registry.put(new Peer(id.nodeId(), "w" + i, "127.0.0.1", t.listenAddress().getPort(), FleetRole.WORKER,
                        clock.millis(), 0, -1, 1, 0, Peer.INITIAL_SCORE, ""));
            }
            long setupMillis = (System.nanoTime() - setupStart) / 1_000_000;
            FleetClient client = new FleetClient(controllerId, controllerTransport, registry, clock, Duration.ofSeconds(10));
            FleetController controller = new FleetController(registry, client, handlers,
                    () -> new NodeInfo(controllerId.nodeId(), "controller", "controller", "bench", List.of()),
                    new WorkerActions(new OneMiner(new StandInMiner(-1)), () -> null, clock), () -> false);

            System.out.printf("workers: %d (set up in %d ms), threads: %d, heap used: %d MiB%n", workers, setupMillis,
                    Thread.activeCount(), usedMiB());
            long cold = timed(controller, workers);
            System.out.printf("cold read (opens %d TLS connections): %d ms%n", workers, cold);
            long[] warm = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                warm[r] = timed(controller, workers);
            }
            Arrays.sort(warm);
            System.out.printf("warm reads, %d rounds: median %d ms, min %d ms, max %d ms%n", rounds, warm[rounds / 2],
                    warm[0], warm[rounds - 1]);
            System.out.printf("threads: %d, heap used: %d MiB, load average: %s%n", Thread.activeCount(), usedMiB(),
                    java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
        } finally {
            for (NettyTransport t : started.reversed()) {
                t.close();
            }
            handlers.shutdownNow();
        }
    }

    private static long timed(FleetController controller, int workers) {
        long start = System.nanoTime();
        FleetStats stats = controller.fleetStats();
        long millis = (System.nanoTime() - start) / 1_000_000;
        long online = stats.peers().stream().filter(p -> p.status().equals("online")).count();
        if (online != workers) {
            throw new IllegalStateException("only " + online + " of " + workers + " workers answered: "
                    + stats.peers().stream().filter(p -> p.error() != null).findFirst().map(p -> p.error()).orElse(""));
        }
        double expected = workers * (workers - 1) / 2.0;
        if (stats.totalHashrate().get("bench") != expected) {
            throw new IllegalStateException("total hashrate " + stats.totalHashrate() + ", expected " + expected);
        }
        return millis;
    }

    private static long usedMiB() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    /** A miner that reports a fixed hashrate (its index), so the total proves every worker was read. */
    private record StandInMiner(int index) implements Miner {
        @Override
        public String id() {
            return "bench/" + index;
        }

        @Override
        public String kind() {
            return "bench";
        }

        @Override
        public MinerState state() {
            return MinerState.RUNNING;
        }

        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }

        @Override
        public MinerStats stats() {
            return new MinerStats(new MinerStats.Hashrate(index, index, index), 0, 0, 0, Duration.ZERO, Map.of());
        }

        @Override
        public List<String> recentLogs(int max) {
            return List.of();
        }
    }

    /** A registry holding one miner. */
    private record OneMiner(Miner miner) implements MinerRegistry {
        @Override
        public void register(Miner m) {
            throw new UnsupportedOperationException("fixed registry");
        }

        @Override
        public void unregister(String minerId) {
        }

        @Override
        public List<Miner> all() {
            return List.of(miner);
        }

        @Override
        public Optional<Miner> find(String minerId) {
            return miner.id().equals(minerId) ? Optional.of(miner) : Optional.empty();
        }
    }
}
