package io.quarry.fleet.controller;

import io.quarry.fleet.bundle.BundleCrypto;
import io.quarry.fleet.bundle.BundleSpool;
import io.quarry.fleet.bundle.BundleType;
import io.quarry.fleet.bundle.ChunkedAead;
import io.quarry.fleet.bundle.DeployAck;
import io.quarry.fleet.bundle.DeployHeader;
import io.quarry.fleet.node.NodeInfo;
import io.quarry.fleet.peer.Peer;
import io.quarry.fleet.peer.PeerRegistry;
import io.quarry.fleet.protocol.CommandType;
import io.quarry.fleet.protocol.GetLogs;
import io.quarry.fleet.protocol.LogsReply;
import io.quarry.fleet.protocol.MinerReport;
import io.quarry.fleet.protocol.PongReply;
import io.quarry.fleet.protocol.StartMiner;
import io.quarry.fleet.protocol.StatsReply;
import io.quarry.fleet.protocol.StopMiner;
import io.quarry.fleet.worker.WorkerActions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The controller's operations on registered peers: ping, stats (one peer or the whole fleet, read in
 * parallel), start and stop a miner (optionally with a profile), and logs.
 */
public final class FleetController {

    /** Most peers read at once: beyond it, TLS handshakes and replies only queue against each other. */
    static final int MAX_PARALLEL_READS = 64;

    private final java.util.concurrent.Semaphore reading = new java.util.concurrent.Semaphore(MAX_PARALLEL_READS);

    private final PeerRegistry registry;
    private final FleetClient client;
    private final ExecutorService executor;
    private final Supplier<NodeInfo> self;
    private final WorkerActions local;
    private final BooleanSupplier selfWorks;

    /**
     * @param local this node's own worker side
     * @param selfWorks whether this node's own miners belong in fleet stats (its role also works)
     */
    public FleetController(PeerRegistry registry, FleetClient client, ExecutorService executor, Supplier<NodeInfo> self,
            WorkerActions local, BooleanSupplier selfWorks) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.client = Objects.requireNonNull(client, "client");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.self = Objects.requireNonNull(self, "self");
        this.local = Objects.requireNonNull(local, "local");
        this.selfWorks = Objects.requireNonNull(selfWorks, "selfWorks");
    }

    /** The registry this controller works on. */
    public PeerRegistry registry() {
        return registry;
    }

    /** Pings {@code peer}; its ping and last-seen time are updated. */
    public PongReply ping(Peer peer) {
        return client.call(peer, CommandType.PING, Map.of(), PongReply.class);
    }

    /** Every miner on {@code peer}. */
    public StatsReply stats(Peer peer) {
        return client.call(peer, CommandType.GET_STATS, Map.of(), StatsReply.class);
    }

    /** Starts {@code miner} on {@code peer}, with a profile's settings when given. */
    public MinerReport start(Peer peer, String miner, String profile, Map<String, Object> settings) {
        return client.call(peer, CommandType.START_MINER, new StartMiner(miner, profile, settings), MinerReport.class);
    }

    /** Stops {@code miner} on {@code peer}. */
    public MinerReport stop(Peer peer, String miner) {
        return client.call(peer, CommandType.STOP_MINER, new StopMiner(miner), MinerReport.class);
    }

    /** The last {@code lines} lines of {@code miner}'s output on {@code peer}. */
    public LogsReply logs(Peer peer, String miner, int lines) {
        return client.call(peer, CommandType.GET_LOGS, new GetLogs(miner, lines), LogsReply.class);
    }

    /**
     * Deploys the spooled {@code tar} as a {@code type} bundle: signs its header, then streams it to {@code peer}
     * encrypted chunk by chunk as the transport takes it.
     */
    public DeployAck deploy(Peer peer, BundleType type, BundleSpool tar) {
        DeployHeader header = BundleCrypto.header(client.identity(), peer.id(), type, tar.size(), tar.checksum());
        InputStream plaintext;
        try {
            plaintext = Files.newInputStream(tar.file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spooled bundle " + tar.file(), e);
        }
        InputStream body = BundleCrypto.seal(client.identity(), peer.id(), header, plaintext);
        return client.upload(peer, CommandType.DEPLOY, header, body, ChunkedAead.sealedSize(tar.size()), DeployAck.class);
    }

    /**
     * Reads every peer, {@value #MAX_PARALLEL_READS} at a time (and this node's own miners when it also works);
     * unreachable peers say why.
     */
    public FleetStats fleetStats() {
        List<Peer> peers = registry.list();
        List<CompletableFuture<PeerStats>> reads = new ArrayList<>(peers.size());
        for (Peer peer : peers) {
            reads.add(CompletableFuture.supplyAsync(() -> read(peer), executor));
        }
        List<PeerStats> out = new ArrayList<>(peers.size() + 1);
        if (selfWorks.getAsBoolean()) {
            NodeInfo me = self.get();
            out.add(new PeerStats(me.id(), me.name(), "self", null, local.stats().miners()));
        }
        reads.forEach(r -> out.add(r.join()));
        return FleetStats.of(out);
    }

    private PeerStats read(Peer peer) {
        try {
            reading.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PeerStats(peer.id(), peer.name(), "offline", "interrupted", List.of());
        }
        try {
            return readNow(peer);
        } finally {
            reading.release();
        }
    }

    private PeerStats readNow(Peer peer) {
        try {
            return new PeerStats(peer.id(), peer.name(), "online", null, stats(peer).miners());
        } catch (RemoteError e) {
            return new PeerStats(peer.id(), peer.name(), "offline", e.getMessage(), List.of());
        }
    }
}
