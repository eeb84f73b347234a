package io.quarry.poies.node;

import io.quarry.api.miner.HashrateMeter;
import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerState;
import io.quarry.api.miner.MinerStats;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The node's {@link Miner} face for the dashboard and fleet control: its state is the local scanner's, its
 * hash rate the scanner's nonces per second, its share counts every share the node admitted or refused (local
 * and outside miners), and its extra figures the chain's. {@link #stop()} stops local scanning only; the node
 * keeps its chain and keeps serving outside miners. {@link #start()} resumes scanning.
 */
public final class LocalMiner implements Miner {

    /** Id of the miner this plugin registers. */
    public static final String ID = "poies-miner/local";

    private final PoiesNodeService node;
    private final HashrateMeter nonces;
    private final InstantSource clock;
    private final IntFunction<List<String>> logs;
    private volatile long startedMillis;

    public LocalMiner(PoiesNodeService node, HashrateMeter nonces, InstantSource clock,
            IntFunction<List<String>> logs) {
        this.node = Objects.requireNonNull(node, "node");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.logs = Objects.requireNonNull(logs, "logs");
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
        return node.scannerState();
    }

    @Override
    public String stateDetail() {
        return node.scannerDetail();
    }

    @Override
    public void start() {
        if (node.startScanning()) {
            startedMillis = clock.millis();
        }
    }

    @Override
    public void stop() {
        node.stopScanning();
    }

    /** Marks the scanner started by the plugin (uptime counts from here). */
    void started() {
        startedMillis = clock.millis();
    }

    @Override
    public MinerStats stats() {
        PoiesMetrics metrics = node.metrics();
        ChainHead head = node.head();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("blocks", metrics.blocksSealed());
        extra.put("height", head.height());
        extra.put("thetaMicro", head.thetaMicro());
        extra.put("sharesPerSec", metrics.acceptedShares().rates().sixtySeconds());
        Work work = node.currentWork();
        extra.put("templateId", work.templateId());
        extra.put("attachedProofs", work.proofs().size());
        extra.put("attachedPsiMicro", work.psiMicro());
        extra.put("scanLanes", node.scannerLanes());
        long stale = metrics.sharesRejected(SubmitResult.STALE) + metrics.sharesRejected(SubmitResult.UNKNOWN_TEMPLATE);
        Duration uptime = state() == MinerState.RUNNING ? Duration.ofMillis(Math.max(0, clock.millis() - startedMillis))
                : Duration.ZERO;
        return new MinerStats(nonces.rates(), metrics.acceptedShares().total(), metrics.sharesRejected() - stale,
                stale, uptime, extra);
    }

    @Override
    public List<String> recentLogs(int max) {
        return logs.apply(max);
    }
}
