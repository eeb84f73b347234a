package io.quarry.randomx.cluster;

import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Transport;
import io.quarry.randomx.cluster.discovery.Beacon;
import io.quarry.randomx.cluster.discovery.BeaconCodec;
import io.quarry.randomx.cluster.discovery.Discovery;
import io.quarry.randomx.cluster.discovery.Election;
import io.quarry.randomx.cluster.discovery.Peer;
import io.quarry.randomx.cluster.wire.ClusterProtocols;
import io.quarry.randomx.cluster.wire.NodeCapabilities;
import io.quarry.randomx.job.BoundedShareHasher;
import io.quarry.randomx.job.Share;
import io.quarry.randomx.job.ShareHasher;
import io.quarry.randomx.job.SubmitResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's place in the cluster: discovery and election, membership when it is master, and the transport
 * handlers of the cluster protocols (registered once; they answer according to the role the node has now).
 * The miner asks it which role to open a session in and is told when that changes.
 */
public final class ClusterNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    /** Members send a heartbeat this often; beacons go out at the same period. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /** How long an auto node listens to beacons before its miner opens in the role the election gives it. */
    public static final Duration SETTLE = Duration.ofSeconds(3);
    /**
     * HASH_REQUESTs waiting for the hash server's thread at most (each up to 256 blobs): as many as the protocol
     * lets in at once, so the transport's limit is the one a sender meets (it answers {@code BUSY} beyond it) and
     * this queue never refuses.
     */
    static final int HASH_QUEUE = ClusterProtocols.HASH.maxConcurrent();
    /**
     * Members' results waiting for the master's re-hash at most. One thread re-hashes them (about 0.3 s each in
     * light mode), so 32 waiting is some 10 s, inside the 20 s the master waits on the upstream from the result's
     * arrival; a result beyond them is answered {@code busy} and its member sends it again.
     */
    static final int RESULT_QUEUE = 32;

    private final Transport transport;
    private final String selfId;
    private final ClusterSettings settings;
    private final ClusterSecret secret;
    private final InstantSource clock;
    private final Supplier<NodeCapabilities> capabilities;
    private final Membership membership;
    private final Election election;
    private final JoinClient joiner;
    private final HashServer hashServer;
    /**
     * Runs HASH_REQUESTs: one platform thread, so a batch's native hashing neither pins a virtual thread's carrier
     * (which would stall heartbeats and results) nor takes both verification VMs (one stays free to check members'
     * results). Requests beyond the queue are refused and their senders hash locally.
     */
    private final ThreadPoolExecutor hashExecutor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(HASH_QUEUE), Thread.ofPlatform().name("randomx-hash-server").daemon().factory());
    private final RemoteHasher remoteHasher;
    private volatile ClusterMaster master;
    private volatile BoundedShareHasher resultHasher;
    private volatile Discovery discovery;
    private volatile Runnable onRoleChange = () -> { };
    private volatile Thread ticker;
    private volatile boolean closed;
    private volatile boolean remoteHashing;
    private volatile HashingChoice hashingChoice;
    private volatile HashingPolicy hashingPolicy = HashingPolicy.FASTER;

    /**
     * @param transport the node transport
     * @param selfId this node's id
     * @param settings the cluster keys
     * @param secret the cluster secret
     * @param clock time for beacons, election and membership
     * @param capabilities this node's capabilities as measured now
     */
    public ClusterNode(Transport transport, String selfId, ClusterSettings settings, ClusterSecret secret,
                       InstantSource clock, Supplier<NodeCapabilities> capabilities) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.selfId = Objects.requireNonNull(selfId, "selfId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.membership = new Membership(selfId, secret, clock, HEARTBEAT, settings.maxBadResults());
        this.election = new Election(selfId, settings.role(), clock);
        this.joiner = new JoinClient(transport, secret, selfId);
        this.hashServer = new HashServer(selfId, secret);
        this.remoteHasher = new RemoteHasher(transport, secret, selfId);
        election.onMasterChange(m -> {
            LOG.info("cluster master is now {}", m.map(id -> id.equals(selfId) ? "this node" : Membership.shortId(id))
                    .orElse("unknown"));
            onRoleChange.run();
        });
    }

    /** Serves the cluster protocols; call from the plugin's {@code init}. */
    public void registerProtocols() {
        transport.register(ClusterProtocols.HELLO, (peer, hello) -> asMaster(peer).hello(peer, hello));
        transport.register(ClusterProtocols.JOIN, (peer, proof) -> asMaster(peer).join(peer, proof));
        transport.register(ClusterProtocols.CAPABILITIES, (peer, caps) -> {
            asMaster(peer).capabilities(peer, caps);
            return null;
        });
        transport.register(ClusterProtocols.HEARTBEAT, (peer, beat) -> working(peer).heartbeat(peer, beat));
        transport.register(ClusterProtocols.WORKUNIT_REQUEST, (peer, request) -> working(peer).request(peer, request));
        transport.register(ClusterProtocols.WORKUNIT_RESULT, (peer, result) -> working(peer).result(peer, result));
        transport.register(ClusterProtocols.HASH, hashServer::handle, hashExecutor);
    }

    /** Told whenever the master (and so possibly this node's role) changes. */
    public void onRoleChange(Runnable listener) {
        this.onRoleChange = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Starts beacons on {@code discovery_port} at the host the transport listens on, and the once-a-second tick
     * (beacons, election, expiry of silent members).
     */
    public synchronized void start() {
        InetSocketAddress bound = transport.localAddress()
                .orElseThrow(() -> new IllegalStateException("the node transport is not listening yet"));
        List<InetSocketAddress> targets = new ArrayList<>();
        settings.peerEndpoints().forEach(e -> targets.add(InetSocketAddress.createUnresolved(e.host(), e.port())));
        settings.connectEndpoint().ifPresent(e -> targets.add(InetSocketAddress.createUnresolved(e.host(), e.port())));
        InetAddress host = bound.getAddress();
        String advertised = host == null || host.isAnyLocalAddress() ? "" : host.getHostAddress();
        BeaconCodec codec = new BeaconCodec(secret);
        Discovery d = new Discovery(codec, election, counter -> new Beacon(selfId, settings.role(), advertised,
                bound.getPort(), capabilities.get(), settings.datasetHost(), counter, remoteHashing), targets,
                clock.millis() * 1000);
        d.start(new InetSocketAddress(host, settings.discoveryPort()));
        discovery = d;
        ticker = Thread.ofVirtual().name("randomx-cluster-tick").start(this::tickLoop);
    }

    /** One round: beacons out, election, silent members dropped. Runs every {@link #HEARTBEAT}. */
    public void tick() {
        Discovery d = discovery;
        if (d != null) {
            d.tick();
        } else {
            election.evaluate();
        }
        if (master != null) {
            membership.expire();
        }
    }

    /** The role this node has now: its configured one, or for {@code auto} the election's outcome. */
    public ClusterRole role() {
        return switch (settings.role()) {
            case MASTER, WORKER, STANDALONE -> settings.role();
            case AUTO -> election.selfIsMaster() ? ClusterRole.MASTER : ClusterRole.WORKER;
        };
    }

    /** The master's node id as this node knows it. */
    public Optional<String> masterId() {
        return settings.role() == ClusterRole.MASTER ? Optional.of(selfId) : election.master();
    }

    /** Where to reach the master over the transport (empty when this node is master or none is known). */
    public Optional<PeerAddress> masterAddress() {
        Optional<String> id = masterId().filter(m -> !m.equals(selfId));
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return election.peer(id.get()).map(p -> new PeerAddress(id.get(), p.transportHost(), p.beacon().transportPort()));
    }

    /** This node becomes the working master: members' work comes from {@code upstream}, results checked by {@code hasher}. */
    public ClusterMaster attachMaster(ShareHasher hasher, Function<Share, CompletableFuture<SubmitResult>> upstream) {
        // The re-hash is native work: on one platform thread of its own, never on the transport's virtual threads
        // (a pinned carrier stalls heartbeats), and beside the hash server's thread (one verification VM each).
        BoundedShareHasher offThread = new BoundedShareHasher(hasher, 1, RESULT_QUEUE, "randomx-result-check");
        ClusterMaster made = new ClusterMaster(membership, offThread, upstream, 30);
        BoundedShareHasher previous = resultHasher;
        resultHasher = offThread;
        master = made;
        if (previous != null) {
            previous.close();
        }
        return made;
    }

    /** Members' results waiting for the master's re-hash thread now. */
    int resultChecksWaiting() {
        BoundedShareHasher h = resultHasher;
        return h == null ? 0 : h.queued();
    }

    /** This node stops being the working master; its members are forgotten (they re-join the next master). */
    public void detachMaster() {
        master = null;
        BoundedShareHasher h = resultHasher;
        resultHasher = null;
        if (h != null) {
            h.close();
        }
        membership.members().forEach(m -> membership.remove(m.nodeId()));
    }

    /** A member-side work source towards the current master. */
    public MasterWorkSource memberSource(java.util.function.LongSupplier hashes, java.util.function.DoubleSupplier rate) {
        return new MasterWorkSource(transport, joiner, this::masterAddress, capabilities, settings.role().key(), hashes, rate);
    }

    /** Whether this node now hashes through the dataset host (said in its beacons and stats). */
    public boolean remoteHashing() {
        return remoteHashing;
    }

    /** The last choice between light mode and remote hashing, if this node made one. */
    public Optional<HashingChoice> hashingChoice() {
        return Optional.ofNullable(hashingChoice);
    }

    /** Records the choice between light mode and remote hashing. */
    public void hashingChoice(HashingChoice choice) {
        hashingChoice = choice;
    }

    /** How this node chooses between light mode and remote hashing ({@link HashingPolicy#FASTER} unless set). */
    public HashingPolicy hashingPolicy() {
        return hashingPolicy;
    }

    /** Replaces the choice between light mode and remote hashing; takes effect at the next measurement. */
    public void hashingPolicy(HashingPolicy policy) {
        hashingPolicy = Objects.requireNonNull(policy, "policy");
    }

    /** Records whether this node hashes through the dataset host. */
    public void remoteHashing(boolean value) {
        remoteHashing = value;
    }

    /** Serves HASH_REQUESTs with this node's engine while it mines. */
    public HashServer hashServer() {
        return hashServer;
    }

    /** Sends HASH_REQUESTs to the dataset host. */
    public RemoteHasher remoteHasher() {
        return remoteHasher;
    }

    /**
     * Where to send HASH_REQUESTs: the dataset host chosen among this node and the live peers
     * ({@link DatasetHostChoice}), when that is another node.
     */
    public Optional<PeerAddress> datasetHostAddress() {
        java.util.Map<String, DatasetHostChoice.Candidate> candidates = new java.util.LinkedHashMap<>();
        candidates.put(selfId, new DatasetHostChoice.Candidate(capabilities.get(), settings.datasetHost()));
        List<Peer> live = election.live();
        live.forEach(p -> candidates.put(p.beacon().nodeId(),
                new DatasetHostChoice.Candidate(p.beacon().capabilities(), p.beacon().datasetHost())));
        return DatasetHostChoice.choose(candidates).filter(id -> !id.equals(selfId))
                .flatMap(election::peer)
                .map(p -> new PeerAddress(p.beacon().nodeId(), p.transportHost(), p.beacon().transportPort()));
    }

    /** The master's membership (empty members unless this node is master). */
    public Membership membership() {
        return membership;
    }

    /** The election (live peers, elections so far). */
    public Election election() {
        return election;
    }

    /** Discovery, once started. */
    public Optional<Discovery> discovery() {
        return Optional.ofNullable(discovery);
    }

    /** The live peers known from beacons. */
    public List<Peer> peers() {
        return election.live();
    }

    /** This node's capabilities as measured now. */
    public NodeCapabilities capabilities() {
        return capabilities.get();
    }

    /** This node's id. */
    public String selfId() {
        return selfId;
    }

    /** The settings this node runs with. */
    public ClusterSettings settings() {
        return settings;
    }

    /** The working master, when this node is one. */
    public Optional<ClusterMaster> master() {
        return Optional.ofNullable(master);
    }

    private Membership asMaster(String peer) {
        if (master == null) {
            throw new ClusterException("this node is not the cluster master"
                    + masterId().filter(m -> !m.equals(selfId)).map(m -> "; the master is " + m).orElse(""));
        }
        return membership;
    }

    private ClusterMaster working(String peer) {
        ClusterMaster m = master;
        if (m == null) {
            throw new ClusterException("this node is not the cluster master");
        }
        return m;
    }

    private void tickLoop() {
        while (!closed) {
            try {
                tick();
                Thread.sleep(HEARTBEAT.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("cluster tick failed: {}", e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t = ticker;
        if (t != null) {
            t.interrupt();
        }
        Discovery d = discovery;
        if (d != null) {
            d.close();
        }
        hashExecutor.shutdown();
        BoundedShareHasher h = resultHasher;
        if (h != null) {
            h.close();
        }
    }
}
