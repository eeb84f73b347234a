package io.quarry.randomx.cluster;

import io.quarry.api.miner.HashrateMeter;
import io.quarry.api.transport.PeerAddress;
import io.quarry.randomx.hashing.CandidateListener;
import io.quarry.randomx.hashing.MinerThreads;
import io.quarry.randomx.job.MoneroDifficulty;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.Share;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For a member that cannot hold the dataset: measures its own (light-mode) hashrate and the throughput of
 * HASH_REQUEST batches to the dataset host, and mines its assignments the faster way. Remotely, it hashes its
 * range in batches of {@value #BATCH} nonces, checks each hash against the job's target and hands results on as
 * its own threads would, with {@value #IN_FLIGHT} batches in flight. Both rates are measured again every {@link #REPROBE}; which way wins is the node's
 * {@link HashingPolicy} (the faster, unless injected). Thread-safe to read.
 */
public final class RemoteMining implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteMining.class);
    /** Blobs per HASH_REQUEST while mining remotely. */
    public static final int BATCH = 32;
    /** HASH_REQUESTs outstanding at once while mining remotely. */
    static final int IN_FLIGHT = 2;
    /** Blobs per measuring request (small, so a slow host still answers well within the protocol timeout). */
    static final int PROBE = 8;
    /** Local mining before the local rate is read. */
    static final Duration WARMUP = Duration.ofSeconds(20);
    /** How often the choice is made again. */
    static final Duration REPROBE = Duration.ofMinutes(5);

    private final MasterWorkSource source;
    private final RemoteHasher hasher;
    private final Supplier<Optional<PeerAddress>> host;
    private final MinerThreads threads;
    private final CandidateListener listener;
    private final ClusterNode node;
    private volatile boolean remote;
    private volatile double localRate;
    private volatile double remoteRate;
    private volatile boolean closed;
    private Thread loop;

    public RemoteMining(MasterWorkSource source, RemoteHasher hasher, Supplier<Optional<PeerAddress>> host,
                        MinerThreads threads, CandidateListener listener, ClusterNode node) {
        this.source = Objects.requireNonNull(source, "source");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.host = Objects.requireNonNull(host, "host");
        this.threads = Objects.requireNonNull(threads, "threads");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.node = Objects.requireNonNull(node, "node");
    }

    /** Starts measuring and, when remote is faster, mining remotely. */
    public synchronized void start() {
        loop = Thread.ofVirtual().name("randomx-remote-hashing").start(this::run);
    }

    /** Whether assignments are hashed by the dataset host now. */
    public boolean remote() {
        return remote;
    }

    /** The local hashrate last measured (H/s). */
    public double localRate() {
        return localRate;
    }

    /** The remote hashing throughput last measured (H/s). */
    public double remoteRate() {
        return remoteRate;
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(WARMUP.toMillis());
                round();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The host failed or went away: hash locally and measure again after the next warm-up.
                LOG.info("remote hashing failed ({}); hashing locally", e.getMessage());
                host.get().ifPresent(h -> node.hashingChoice(new HashingChoice(false, localRate, 0, h.nodeId())));
                switchTo(false);
            }
        }
    }

    /** Measures both ways and mines the faster way until the next measurement. */
    private void round() throws InterruptedException {
        localRate = threads.hashrate().rates().tenSeconds();
        Optional<PeerAddress> to = host.get();
        Optional<MasterWorkSource.Work> work = source.currentWork();
        if (to.isEmpty() || work.isEmpty()) {
            return;
        }
        remoteRate = probe(to.get(), work.get());
        boolean useRemote = node.hashingPolicy().remote(localRate, remoteRate);
        node.hashingChoice(new HashingChoice(useRemote, localRate, remoteRate, to.get().nodeId()));
        LOG.info("hashing {}: light mode here {} H/s, dataset host {} {} H/s", useRemote ? "remotely" : "locally",
                String.format("%.1f", localRate), to.get(), String.format("%.1f", remoteRate));
        if (useRemote) {
            switchTo(true);
            try {
                mineRemotely(to.get(), System.nanoTime() + REPROBE.toNanos());
            } finally {
                switchTo(false);
            }
        } else {
            Thread.sleep(REPROBE.toMillis());
        }
    }

    private void switchTo(boolean toRemote) {
        remote = toRemote;
        node.remoteHashing(toRemote);
        if (toRemote) {
            source.setLocal(false);
            threads.clearJob();
        } else {
            source.setLocal(true);
        }
    }

    /**
     * Hashes the range's last {@value #PROBE} nonces remotely as mining does, {@value #IN_FLIGHT} requests at once,
     * after one unmeasured request (the host's first may set up a VM); returns hashes per second. One lone request
     * would also time a round trip per batch, which mining hides, and undervalue a fast host several times over.
     */
    private double probe(PeerAddress to, MasterWorkSource.Work work) {
        long end = work.range().end();
        long start = Math.max(work.range().start(), end - PROBE);
        List<byte[]> blobs = new ArrayList<>();
        for (long n = start; n < end; n++) {
            blobs.add(work.job().blobWithNonce((int) n));
        }
        byte[] key = work.job().seedHash();
        hasher.hash(to, key, blobs);
        long began = System.nanoTime();
        List<CompletableFuture<List<byte[]>>> pending = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            pending.add(hasher.hashAsync(to, key, blobs));
        }
        pending.forEach(RemoteHasher::await);
        double seconds = Math.max(1e-6, (System.nanoTime() - began) / 1e9);
        return IN_FLIGHT * blobs.size() / seconds;
    }

    /** One batch sent to the host: its job, its first nonce and the answer to come. */
    private record Batch(MoneroJob job, long first, CompletableFuture<List<byte[]>> hashes) {
    }

    /**
     * Hashes the assignments through {@code to} until {@code untilNanos}, {@value #IN_FLIGHT} batches in flight, so
     * the host starts the next batch as soon as it finishes one instead of waiting for this node's next request.
     */
    private void mineRemotely(PeerAddress to, long untilNanos) throws InterruptedException {
        HashrateMeter meter = threads.hashrate();
        Deque<Batch> inFlight = new ArrayDeque<>();
        MasterWorkSource.Work mining = null;
        long next = 0;
        try {
            while (!closed && System.nanoTime() < untilNanos) {
                Optional<MasterWorkSource.Work> now = source.currentWork();
                if (now.isPresent() && (mining == null || now.get().job() != mining.job())) {
                    mining = now.get();
                    next = mining.range().start();
                }
                while (now.isPresent() && inFlight.size() < IN_FLIGHT && next < mining.range().end()) {
                    long end = Math.min(mining.range().end(), next + BATCH);
                    MoneroJob job = mining.job();
                    List<byte[]> blobs = new ArrayList<>();
                    for (long n = next; n < end; n++) {
                        blobs.add(job.blobWithNonce((int) n));
                    }
                    inFlight.add(new Batch(job, next, hasher.hashAsync(to, job.seedHash(), blobs)));
                    next = end;
                }
                if (inFlight.isEmpty()) {
                    Thread.sleep(200); // no job, or the range is done and the source fetches the next one
                    continue;
                }
                collect(inFlight.poll(), meter);
            }
            // Time to measure again: the batches already sent are hashed by now or soon; their shares count.
            while (!closed && !inFlight.isEmpty()) {
                collect(inFlight.poll(), meter);
            }
        } finally {
            inFlight.forEach(b -> b.hashes().cancel(false)); // only on close or a failed batch
        }
    }

    /** Waits for one batch's hashes, counts them and hands on the shares among them. */
    private void collect(Batch done, HashrateMeter meter) {
        List<byte[]> hashes = RemoteHasher.await(done.hashes());
        meter.record(hashes.size());
        for (int i = 0; i < hashes.size(); i++) {
            if (MoneroDifficulty.meetsTarget(hashes.get(i), done.job().target())) {
                listener.onCandidate(new Share(done.job(), (int) (done.first() + i), hashes.get(i)));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t = loop;
        if (t != null) {
            t.interrupt();
        }
    }
}
