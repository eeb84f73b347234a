package io.quarry.poies.remote;

import io.quarry.api.miner.HashrateMeter;
import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerState;
import io.quarry.api.miner.MinerStats;
import io.quarry.poies.hash.Candidate;
import io.quarry.poies.hash.CpuDevice;
import io.quarry.poies.hash.Device;
import io.quarry.poies.hash.ScanJob;
import io.quarry.poies.hash.ScanListener;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.node.SubmitResult;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mines for a remote node ({@code quarry poies mine} and the {@code miner} role): takes work from
 * the node over WebSocket getwork (or JSON-RPC polling), scans it on the CPU {@link Device} from a random nonce (so
 * independent miners do not repeat each other), and submits every share that meets the target the node set for
 * it, with retry ({@link ShareSubmitter}). A block is sealed by the node when a share (with the template's proofs)
 * meets Θ; the node's answer says so, and this miner counts it.
 *
 * <p>Its {@link Miner} face reports the scan rate, the node's verdicts (accepted; rejected; stale, which includes
 * shares given up because the head moved), and, as extra figures, blocks sealed, the last block, the height being
 * mined, the target and whether the node is reachable.
 */
public final class RemoteMiner implements Miner {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteMiner.class);

    /** Id of the miner the {@code miner} role registers. */
    public static final String ID = "poies-miner/remote";
    private static final int MAX_LOG_LINES = 200;

    private final Upstream.Endpoints endpoints;
    private final int threads;
    private final InstantSource clock;
    private final Consumer<String> events;
    private final HashrateMeter nonces;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong blocks = new AtomicLong();
    private final Map<String, Long> rejectedByReason = new TreeMap<>();
    private final Deque<String> logLines = new ArrayDeque<>();
    private volatile MinerState state = MinerState.STOPPED;
    private volatile String detail = "";
    private volatile long startedMillis;
    private volatile String lastBlock = "";
    private Upstream upstream;
    private Device device;
    private ShareSubmitter submitter;

    /**
     * @param endpoints where the node is
     * @param threads CPU scanning threads; 0 scans nothing (a Stratum proxy only relays)
     * @param clock for uptime
     * @param events hears one line per notable event (connected, block sealed, share refused), for a console
     */
    public RemoteMiner(Upstream.Endpoints endpoints, int threads, InstantSource clock, Consumer<String> events) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, was " + threads);
        }
        this.threads = threads;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
        this.nonces = new HashrateMeter(clock);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String kind() {
        return "poies";
    }

    @Override
    public MinerState state() {
        return state;
    }

    @Override
    public String stateDetail() {
        return detail;
    }

    @Override
    public synchronized void start() {
        if (state == MinerState.RUNNING || state == MinerState.STARTING) {
            return;
        }
        state = MinerState.STARTING;
        detail = "connecting to " + endpoints.describe();
        upstream = new Upstream(endpoints, this::onWork);
        submitter = new ShareSubmitter(upstream, upstream::current, new Outcomes());
        device = threads > 0 ? new CpuDevice(threads, new Found(), nonces) : null;
        submitter.start();
        upstream.start();
        startedMillis = clock.millis();
        event("mining for " + endpoints.describe() + " on " + threads + " CPU thread" + (threads == 1 ? "" : "s"));
    }

    @Override
    public synchronized void stop() {
        if (state == MinerState.STOPPED) {
            return;
        }
        state = MinerState.STOPPING;
        try {
            if (device != null) {
                device.close();
            }
            if (submitter != null) {
                submitter.close();
            }
            if (upstream != null) {
                upstream.close();
            }
        } finally {
            device = null;
            submitter = null;
            upstream = null;
            state = MinerState.STOPPED;
            detail = "";
        }
    }

    /** The work being scanned, if any. */
    public synchronized Optional<UpstreamWork> currentWork() {
        return upstream == null ? Optional.empty() : upstream.current();
    }

    /** Blocks the node sealed from this miner's shares. */
    public long blocksSealed() {
        return blocks.get();
    }

    /** Shares the node admitted. */
    public long sharesAccepted() {
        return accepted.get();
    }

    @Override
    public MinerStats stats() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("blocks", blocks.get());
        extra.put("lastBlock", lastBlock);
        Optional<UpstreamWork> work = currentWork();
        extra.put("height", work.map(w -> w.template().height()).orElse(-1L));
        extra.put("shareTargetMicro", work.map(UpstreamWork::scanTargetMicro).orElse(0L));
        extra.put("thetaMicro", work.map(w -> w.template().thetaMicro()).orElse(0L));
        extra.put("connected", isConnected());
        extra.put("upstream", endpoints.describe());
        extra.put("dropped", dropped.get());
        synchronized (rejectedByReason) {
            extra.put("rejectedByReason", Map.copyOf(rejectedByReason));
        }
        Duration uptime = state == MinerState.RUNNING || state == MinerState.STARTING
                ? Duration.ofMillis(Math.max(0, clock.millis() - startedMillis)) : Duration.ZERO;
        return new MinerStats(nonces.rates(), accepted.get(), rejected.get(), stale.get(), uptime, extra);
    }

    @Override
    public List<String> recentLogs(int max) {
        synchronized (logLines) {
            List<String> all = new ArrayList<>(logLines);
            return all.subList(Math.max(0, all.size() - max), all.size());
        }
    }

    private boolean isConnected() {
        Upstream u = upstream;
        return u != null && u.isConnected();
    }

    private synchronized void onWork(UpstreamWork work) {
        if (state == MinerState.STOPPING || state == MinerState.STOPPED) {
            return;
        }
        if (state == MinerState.STARTING) {
            state = MinerState.RUNNING;
            detail = "";
        }
        if (device != null) {
            // A random start: other miners on the same template scan elsewhere in the 2^64 nonces.
            device.scan(ScanJob.unbounded(work.template(), work.scanTargetMicro(),
                    ThreadLocalRandom.current().nextLong()));
        }
        LOG.debug("Scanning template {} at height {} for H(u) >= {} micro-nats", work.template().templateId(),
                work.template().height(), work.scanTargetMicro());
    }

    private void event(String line) {
        synchronized (logLines) {
            logLines.addLast(line);
            while (logLines.size() > MAX_LOG_LINES) {
                logLines.removeFirst();
            }
        }
        events.accept(line);
    }

    /** Candidates from the device go to the submitter. */
    private final class Found implements ScanListener {
        @Override
        public void onCandidate(Candidate candidate) {
            ShareSubmitter s = submitter;
            if (s != null) {
                s.offer(candidate.toHashShare(), candidate.job().template());
            }
        }
    }

    /** The node's verdicts. */
    private final class Outcomes implements ShareSubmitter.Outcome {
        @Override
        public void answered(HashShare share, HeaderTemplate template, SubmitResult result) {
            if (result.isAccepted()) {
                accepted.incrementAndGet();
                if (result.isSealed()) {
                    blocks.incrementAndGet();
                    lastBlock = result.blockHash().map(Bytes::toString).orElse("");
                    event("block sealed at height " + template.height() + ": " + lastBlock);
                }
                return;
            }
            String reason = result.reason();
            if (reason.equals(SubmitResult.STALE) || reason.equals(SubmitResult.UNKNOWN_TEMPLATE)) {
                stale.incrementAndGet();
            } else {
                rejected.incrementAndGet();
                event("share refused (" + reason + "): " + result.message());
            }
            synchronized (rejectedByReason) {
                rejectedByReason.merge(reason, 1L, Long::sum);
            }
        }

        @Override
        public void dropped(HashShare share, String why) {
            dropped.incrementAndGet();
            if (why.startsWith("stale")) {
                stale.incrementAndGet();
            } else {
                event("share given up: " + why);
            }
        }
    }
}
