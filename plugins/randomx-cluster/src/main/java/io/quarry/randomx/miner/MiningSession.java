package io.quarry.randomx.miner;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarry.api.jsonrpc.JsonRpcServers;
import io.quarry.randomx.RandomxClusterConfig;
import io.quarry.randomx.cluster.ClusterMaster;
import io.quarry.randomx.cluster.ClusterNode;
import io.quarry.randomx.cluster.ClusterRole;
import io.quarry.randomx.cluster.MasterWorkSource;
import io.quarry.randomx.cluster.RemoteMining;
import io.quarry.randomx.daemon.DaemonRpcClient;
import io.quarry.randomx.daemon.FoundBlock;
import io.quarry.randomx.daemon.SoloWorkSource;
import io.quarry.randomx.hashing.CandidateListener;
import io.quarry.randomx.hashing.EngineSettings;
import io.quarry.randomx.hashing.HugePagesPolicy;
import io.quarry.randomx.hashing.MinerThreads;
import io.quarry.randomx.hashing.RandomXEngine;
import io.quarry.randomx.hashing.RandomXMode;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.ShareCounters;
import io.quarry.randomx.job.BoundedShareHasher;
import io.quarry.randomx.job.ShareHasher;
import io.quarry.randomx.job.SubmitResult;
import io.quarry.randomx.job.WorkSource;
import io.quarry.randomx.pool.PoolClient;
import io.quarry.randomx.stratum.StratumServer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the miner, from {@link #open()} to {@link #close()}: the RandomX engine, the node's own miner
 * threads, the work source (pool or monerod) and, when {@code stratum_listen} is set, the Stratum endpoint for
 * outside miners. Parts are opened in that order and closed in reverse; {@link #close()} may run while
 * {@link #open()} is still working (a stop during start-up), and then {@code open} closes what it opens next
 * and gives up with a {@link CancellationException}.
 */
final class MiningSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MiningSession.class);
    /** Outside miners' shares waiting for the re-hash thread at most. */
    static final int STRATUM_QUEUE = 256;

    private final RandomxClusterConfig config;
    private final JsonRpcServers rpc;
    private final MeterRegistry registry;
    private final ExecutorService executor;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private boolean closed;
    private volatile RandomXEngine engine;
    private volatile MinerThreads threads;
    private volatile WorkSource source;
    private volatile ShareCounters counters;
    private volatile SoloWorkSource solo;
    private volatile StratumServer stratum;
    private volatile JobFeed feed;
    private final Optional<ClusterNode> cluster;
    private volatile RemoteMining remote;
    private ShareHasher verifier;

    MiningSession(RandomxClusterConfig config, JsonRpcServers rpc, MeterRegistry registry, ExecutorService executor) {
        this(config, rpc, registry, executor, Optional.empty());
    }

    /** A session that, with {@code cluster}, mines as the cluster master or as a member of it (the role it has now). */
    MiningSession(RandomxClusterConfig config, JsonRpcServers rpc, MeterRegistry registry, ExecutorService executor,
                  Optional<ClusterNode> cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.config = Objects.requireNonNull(config, "config");
        this.rpc = Objects.requireNonNull(rpc, "rpc");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Opens every part and starts fetching work; the dataset (fast mode) is built when the first job's seed
     * arrives, with progress in the log.
     *
     * @throws CancellationException when {@link #close()} ran meanwhile
     */
    void open() {
        RandomXEngine e = keep(RandomXEngine.open(config.engineSettings()));
        engine = e;
        boolean member = cluster.map(c -> c.role() == ClusterRole.WORKER).orElse(false);
        // A member's work comes from its master; only a master (or a standalone node) talks to the upstream.
        if (member) {
            counters = new ShareCounters(registry, "cluster");
        }
        WorkSource s = keep(member ? cluster.get().memberSource(this::ownHashes, this::ownRate) : newSource());
        source = s;
        CandidateListener found = share -> s.submit(share).thenAccept(this::submitted);
        MinerThreads t = keep(new MinerThreads(e, config.minerSettings(), found));
        threads = t;
        cluster.ifPresent(node -> {
            // Any member may be the dataset host: it answers HASH_REQUESTs with this session's engine.
            node.hashServer().engine(Optional.of(e));
            keep((AutoCloseable) () -> node.hashServer().engine(Optional.empty()));
            if (member && !node.capabilities().canHoldDataset()) {
                RemoteMining remote = keep(new RemoteMining((MasterWorkSource) s, node.remoteHasher(),
                        node::datasetHostAddress, t, found, node));
                this.remote = remote;
                keep((AutoCloseable) () -> node.remoteHashing(false));
                remote.start();
            }
        });
        JobFeed f = new JobFeed(s, t);
        feed = f;
        t.start();
        config.stratumSettings().ifPresent(settings -> {
            // Share checks run on JSON-RPC virtual threads: the native re-hash goes to a platform thread of its own
            // (a pinned carrier would stall every connection of the node). A share beyond the queue is answered
            // "could not be verified" and not counted either way.
            ShareHasher hasher = keep(new BoundedShareHasher(verifier(e), 1, STRATUM_QUEUE, "randomx-share-check"));
            StratumServer server = keep(new StratumServer(rpc, settings, s, hasher, registry, InstantSource.system()));
            stratum = server;
            server.start();
        });
        s.onJob(f);
        if (!member && cluster.isPresent()) {
            ClusterNode node = cluster.get();
            ClusterMaster master = node.attachMaster(verifier(e), s::submit);
            keep((AutoCloseable) node::detachMaster);
            // The cluster mines the last slice the upstream offers; the Stratum endpoint never hands that one out.
            int slice = s.maxWorkers() - 1;
            s.onJob(new ClusterSlice(job -> s.forWorker(job, slice), master::setJob, master::clearJob));
        }
        s.start();
        LOG.info("RandomX mining: {} mode, {} threads, work from {}{}", e.mode().label(), t.threadCount(),
                s.describe(), stratum == null ? "" : ", outside miners on " + stratum.address());
    }

    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(parts);
            parts.clear();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            closeQuietly(toClose.get(i));
        }
    }

    Optional<RandomXEngine> engine() {
        return Optional.ofNullable(engine);
    }

    Optional<MinerThreads> threads() {
        return Optional.ofNullable(threads);
    }

    Optional<WorkSource> source() {
        return Optional.ofNullable(source);
    }

    Optional<ShareCounters> counters() {
        return Optional.ofNullable(counters);
    }

    /** A low-RAM member's remote hashing, when it has one. */
    Optional<RemoteMining> remoteMining() {
        return Optional.ofNullable(remote);
    }

    Optional<StratumServer> stratum() {
        return Optional.ofNullable(stratum);
    }

    /** The job the node's own threads mine now. */
    Optional<MoneroJob> ownJob() {
        JobFeed f = feed;
        return f == null ? Optional.empty() : Optional.ofNullable(f.currentJob());
    }

    /**
     * What re-hashes outside miners' and members' results. In fast mode, a light-mode verifier on the new seed
     * covers the dataset rebuild ({@link RekeyVerifier}); in light mode the engine's own cache is as quick.
     */
    private synchronized ShareHasher verifier(RandomXEngine e) {
        if (verifier == null) {
            verifier = e.mode() == RandomXMode.FAST
                    ? keep(new RekeyVerifier(e, e::isSeed, this::ownJob, MiningSession::lightVerifier))
                    : new EngineShareHasher(e, this::ownJob);
        }
        return verifier;
    }

    /** A one-thread light-mode engine keyed to {@code seed} (its 256 MiB cache takes about a second). */
    private static RekeyVerifier.LightVerifier lightVerifier(byte[] seed) {
        RandomXEngine light = RandomXEngine.open(EngineSettings.defaults().withMode(RandomXMode.LIGHT).withThreads(1)
                .withVerifierVms(1).withHugePages(HugePagesPolicy.OFF));
        try {
            light.setSeed(seed);
        } catch (RuntimeException ex) {
            light.close();
            throw ex;
        }
        return new RekeyVerifier.LightVerifier() {
            @Override
            public byte[] hash(byte[] input) {
                return light.hash(input);
            }

            @Override
            public Optional<byte[]> hashIfSeed(byte[] seedHash, byte[] input) {
                return light.hashIfSeed(seedHash, input);
            }

            @Override
            public List<byte[]> hashAll(List<byte[]> inputs) {
                return light.hashAll(inputs);
            }

            @Override
            public void close() {
                light.close();
            }
        };
    }

    private long ownHashes() {
        MinerThreads t = threads;
        return t == null ? 0 : t.totalHashes();
    }

    private double ownRate() {
        MinerThreads t = threads;
        return t == null ? 0 : t.hashrate().rates().sixtySeconds();
    }

    /** Blocks monerod accepted in this session (solo only). */
    List<FoundBlock> foundBlocks() {
        SoloWorkSource s = solo;
        return s == null ? List.of() : s.foundBlocks();
    }

    private WorkSource newSource() {
        return switch (config.upstream()) {
            case POOL -> {
                ShareCounters c = new ShareCounters(registry, "pool");
                counters = c;
                yield new PoolClient(rpc, config.poolSettings(), executor, c);
            }
            case DAEMON -> {
                ShareCounters c = new ShareCounters(registry, "daemon");
                counters = c;
                SoloWorkSource s = new SoloWorkSource(new DaemonRpcClient(config.daemonRpc(),
                        DaemonRpcClient.DEFAULT_TIMEOUT), config.soloSettings(), executor, c, InstantSource.system());
                solo = s;
                yield s;
            }
            case NONE -> throw new IllegalStateException("no work source: set pools or daemon_rpc in [randomx-cluster]");
        };
    }

    private void submitted(SubmitResult result) {
        if (cluster.isPresent() && source instanceof MasterWorkSource) {
            // A member's results are judged by its master; the upstream's answer stays with the master.
            ShareCounters c = counters;
            if (result.accepted()) {
                c.accepted();
            } else {
                c.rejected(result.reason());
            }
        }
        if (!result.accepted()) {
            LOG.debug("Result refused ({}): {}", result.reason(), result.message());
        }
    }

    /** Records a part to close later, or closes it at once when the session was closed meanwhile. */
    private <T extends AutoCloseable> T keep(T part) {
        synchronized (this) {
            if (!closed) {
                parts.add(part);
                return part;
            }
        }
        closeQuietly(part);
        throw new CancellationException("the miner was stopped while starting");
    }

    private static void closeQuietly(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            LOG.warn("Closing {} failed", part.getClass().getSimpleName(), e);
        }
    }
}
