package io.quarry.poies.node;

import io.quarry.api.limit.RateLimiter;
import io.quarry.api.miner.MinerState;
import io.quarry.poies.chain.ChainStore;
import io.quarry.poies.chain.Seal;
import io.quarry.poies.model.Block;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.target.ShareTarget;
import io.quarry.poies.target.ShareTargets;
import io.quarry.poies.target.ThetaSchedule;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PoiesNode} the RPC, WebSocket and Stratum fronts use, made of two parts: the {@link WorkRotation}
 * keeps the current work (rotating it when the head moves or the proof pool offers a better set) and pushes it to
 * subscribers; the {@link ShareIntake} admits every share through one path, counts it and seals blocks. This class
 * adds the chain reads, the lifecycle and the local scanner.
 */
public final class PoiesNodeService implements PoiesNode {

    private static final Logger LOG = LoggerFactory.getLogger(PoiesNodeService.class);

    private final WorkSources sources;
    private final PoiesMetrics metrics;
    private final RateLimiter limiter;
    private final WorkRotation rotation;
    private final ShareIntake intake;
    private final LocalScanner scanner;

    /**
     * A node over an opened chain; builds the first work at once (with whatever proofs the pool has) so the
     * fronts always have work to serve. Starts no threads.
     *
     * @param theta Θ for each sealed block's successor
     * @param targets the per-peer vardiff share targets
     * @param scanner the local device's driver, or null when this node does not scan
     */
    public PoiesNodeService(WorkSources sources, ThetaSchedule theta, ShareTargets targets, PoiesMetrics metrics,
            RateLimiter limiter, InstantSource clock, LocalScanner.Factory scanner) {
        this.sources = Objects.requireNonNull(sources, "sources");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.rotation = new WorkRotation(sources, clock);
        this.scanner = scanner == null ? null : scanner.create(this);
        this.intake = new ShareIntake(rotation, theta, targets, metrics, this.scanner);
        rotation.begin(this.scanner == null ? null : this.scanner::scan);
    }

    /** Starts the proof workers and the local scanner. */
    public void start() {
        rotation.start();
        if (scanner != null) {
            scanner.start();
        }
        ChainStore chain = sources.chain();
        LOG.info("PoIES node running at height {} (Θ {} micro-nats, policy {}), {}", chain.head().height(),
                chain.head().nextThetaMicro(), sources.policy().policyRoot(), scanner == null
                        ? "not scanning locally" : "scanning on " + scanner.describe());
    }

    /** Stops scanning and the proof workers; harmless to repeat. */
    public void stop() {
        rotation.stop();
        if (scanner != null) {
            scanner.close();
        }
        rotation.closeSupply();
    }

    /**
     * The periodic check (every {@code template_refresh_ms}): rebuilds the work when the pool offers a set worth
     * more psi than the current one, or when the work has grown old.
     */
    public void refresh() {
        rotation.refresh();
    }

    @Override
    public Work currentWork() {
        return rotation.board().current().work();
    }

    @Override
    public Optional<Work> work(String templateId) {
        return rotation.board().find(templateId).map(WorkBoard.Entry::work);
    }

    @Override
    public WorkSubscription onWork(Consumer<Work> listener) {
        return rotation.onWork(listener);
    }

    @Override
    public SubmitResult submitShare(ProofEnvelope share, ShareSource source) {
        return intake.submitShare(share, source);
    }

    @Override
    public SubmitResult submitBlock(Block block, ShareSource source) {
        return intake.submitBlock(block, source);
    }

    @Override
    public void recordRejected(String reason) {
        intake.recordRejected(reason);
    }

    @Override
    public ShareTarget shareTarget(ShareSource source) {
        return intake.shareTarget(source);
    }

    @Override
    public ChainHead head() {
        ChainStore.Head head = sources.chain().head();
        return new ChainHead(head.height(), head.hash(), head.time(), head.nextThetaMicro());
    }

    @Override
    public Optional<Block> blockByHeight(long height) {
        return sources.chain().blockByHeight(height);
    }

    @Override
    public Optional<Block> blockByHash(Bytes hash) {
        return sources.chain().blockByHash(hash);
    }

    @Override
    public Optional<Seal> seal(Bytes blockHash) {
        return sources.chain().blockByHash(blockHash).flatMap(b -> sources.chain().seal(blockHash));
    }

    @Override
    public RateLimiter limiter() {
        return limiter;
    }

    /** The meters (for the miner's stats). */
    PoiesMetrics metrics() {
        return metrics;
    }

    MinerState scannerState() {
        if (scanner == null) {
            return MinerState.UNAVAILABLE;
        }
        return rotation.running() ? scanner.state() : MinerState.STOPPED;
    }

    /** SIMD lanes per scanner thread, 0 when this node does not scan. */
    int scannerLanes() {
        return scanner == null ? 0 : scanner.lanes();
    }

    String scannerDetail() {
        return scanner == null ? "device = \"none\": this node does not scan; outside miners do" : "";
    }

    boolean startScanning() {
        if (scanner == null) {
            throw new IllegalStateException("this node does not scan locally (device = \"none\")");
        }
        return rotation.running() && scanner.resume();
    }

    void stopScanning() {
        if (scanner != null) {
            scanner.pause();
        }
    }
}
