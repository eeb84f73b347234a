package io.quarry.poies.node;

import io.quarry.api.miner.MinerState;
import io.quarry.poies.PoiesMinerConfig;
import io.quarry.poies.chain.BlockSummary;
import io.quarry.poies.chain.ChainStore;
import io.quarry.poies.chain.Seal;
import io.quarry.poies.model.Block;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofRegistry;
import io.quarry.poies.proof.select.ProofPacker;
import io.quarry.poies.proof.select.ProofSelector;
import io.quarry.poies.proof.select.Selection;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator: keeps the current work, rotates it when the head moves
 * or the proof pool offers a better set, admits every share through one {@link Admission} path, seals blocks
 * through the {@link Sealer}, and runs the local scanner. This is the {@link PoiesNode} the RPC, WebSocket and
 * Stratum fronts use.
 *
 * <p>Locking: one chain lock serialises rotation and sealing (both read the head and publish work); admission
 * runs without it, concurrently, and takes it only for a share that may make a block.
 */
public final class PoiesNodeService implements PoiesNode {

    private static final Logger LOG = LoggerFactory.getLogger(PoiesNodeService.class);

    /** Work older than this is rebuilt even without news, so template times stay close to the clock. */
    static final Duration MAX_WORK_AGE = Duration.ofSeconds(30);

    private final ChainStore chain;
    private final Policy policy;
    private final ProofSupply supply;
    private final SelectionOverlay selection;
    private final TemplateFactory templates;
    private final ShareTargets targets;
    private final PoiesMetrics metrics;
    private final RequestLimiter limiter;
    private final InstantSource clock;
    private final WorkBoard board = new WorkBoard();
    private final Admission admission;
    private final Sealer sealer;
    private final LocalScanner scanner;
    private final List<Consumer<Work>> listeners = new CopyOnWriteArrayList<>();
    private final Object chainLock = new Object();
    private volatile boolean running;
    private long servedVersion = Long.MIN_VALUE;

    /**
     * A node over an opened chain; builds the first work at once (with whatever proofs the pool has) so the
     * fronts always have work to serve. Starts no threads.
     *
     * @param scanner the local device's driver, or null when this node does not scan
     */
    public PoiesNodeService(ChainStore chain, Policy policy, ProofRegistry registry,
            PoiesMinerConfig.Selection overlay, ProofSupply supply, ThetaSchedule theta, TemplateFactory templates,
            ShareTargets targets, PoiesMetrics metrics, RequestLimiter limiter, InstantSource clock,
            LocalScanner.Factory scanner) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.supply = Objects.requireNonNull(supply, "supply");
        ProofPacker packer = new ProofPacker(registry);
        this.selection = new SelectionOverlay(new ProofSelector(registry), packer, overlay);
        this.templates = Objects.requireNonNull(templates, "templates");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.admission = new Admission(board, chain::isUsed);
        this.sealer = new Sealer(chain, packer, Objects.requireNonNull(theta, "theta"), metrics, this::context);
        this.scanner = scanner == null ? null : scanner.create(this);
        synchronized (chainLock) {
            rotate("start");
        }
    }

    /** Starts the proof workers and the local scanner. */
    public void start() {
        running = true;
        supply.start();
        synchronized (chainLock) {
            supply.onHead(context(chain.head()), chain::isUsed);
        }
        if (scanner != null) {
            scanner.start();
        }
        LOG.info("PoIES node running at height {} (Θ {} micro-nats, policy {}), {}", chain.head().height(),
                chain.head().nextThetaMicro(), policy.policyRoot(), scanner == null ? "not scanning locally"
                        : "scanning on " + scanner.describe());
    }

    /** Stops scanning and the proof workers; harmless to repeat. */
    public void stop() {
        running = false;
        if (scanner != null) {
            scanner.close();
        }
        supply.close();
    }

    /**
     * The periodic check (every {@code template_refresh_ms}): rebuilds the work when the pool offers a set worth
     * more psi than the current one, or when the work has grown old.
     */
    public void refresh() {
        if (!running) {
            return;
        }
        synchronized (chainLock) {
            WorkBoard.Entry current = board.current();
            long version = supply.version();
            boolean old = clock.millis() / 1000 - current.work().template().time() >= MAX_WORK_AGE.toSeconds();
            if (version == servedVersion && !old) {
                return;
            }
            ChainStore.Head head = chain.head();
            Selection chosen = select(head);
            servedVersion = version;
            if (chosen.psiMicro() > current.work().psiMicro() || old) {
                publish(head, chosen, old ? "refresh" : "better proofs");
            }
        }
    }

    @Override
    public Work currentWork() {
        return board.current().work();
    }

    @Override
    public Optional<Work> work(String templateId) {
        return board.find(templateId).map(WorkBoard.Entry::work);
    }

    @Override
    public WorkSubscription onWork(Consumer<Work> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public SubmitResult submitShare(ProofEnvelope share, ShareSource source) {
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(source, "source");
        long started = System.nanoTime();
        try {
            if (!running) {
                return refuse(SubmitResult.rejected(SubmitResult.NOT_READY, "the node is not running"));
            }
            long target = admissionTargetMicro(source);
            Admission.Verdict verdict = admission.check(share, target);
            if (verdict.refused() != null) {
                return refuse(verdict.refused());
            }
            Admission.Admitted admitted = verdict.admitted();
            metrics.shareAccepted();
            targets.shareAccepted(source.peer());
            return maybeSeal(admitted, false);
        } finally {
            metrics.submitLatency(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    @Override
    public SubmitResult submitBlock(Block block, ShareSource source) {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(source, "source");
        long started = System.nanoTime();
        try {
            if (!running) {
                return refuse(SubmitResult.rejected(SubmitResult.NOT_READY, "the node is not running"));
            }
            Optional<WorkBoard.Entry> entry = board.find(block.template().templateId());
            if (entry.isPresent() && (!entry.get().work().template().equals(block.template())
                    || !entry.get().work().proofs().equals(block.proofs()))) {
                return refuse(SubmitResult.rejected(SubmitResult.HEADER_LINK, "the block's template or proofs are "
                        + "not the ones template " + block.template().templateId() + " was served with"));
            }
            Admission.Verdict verdict = admission.check(block.hashShare().toEnvelope(), 0);
            if (verdict.refused() != null) {
                return refuse(verdict.refused());
            }
            metrics.shareAccepted();
            return maybeSeal(verdict.admitted(), true);
        } finally {
            metrics.submitLatency(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    @Override
    public void recordRejected(String reason) {
        SubmitResult.jsonRpcCode(reason); // refuses anything that is not a reason code
        metrics.shareRejected(reason);
    }

    @Override
    public ShareTarget shareTarget(ShareSource source) {
        long theta = currentWork().template().thetaMicro();
        long h = targetMicro(source);
        long ratio = Math.max(1, Math.ceilDiv(h * 1_000_000L, theta)); // h <= 1.8e8: no overflow
        return new ShareTarget(ratio, h, theta);
    }

    @Override
    public ChainHead head() {
        ChainStore.Head head = chain.head();
        return new ChainHead(head.height(), head.hash(), head.time(), head.nextThetaMicro());
    }

    @Override
    public Optional<Block> blockByHeight(long height) {
        return chain.blockByHeight(height);
    }

    @Override
    public Optional<Block> blockByHash(Bytes hash) {
        return chain.blockByHash(hash);
    }

    @Override
    public Optional<Seal> seal(Bytes blockHash) {
        return chain.blockByHash(blockHash).flatMap(b -> chain.seal(blockHash));
    }

    @Override
    public RequestLimiter limiter() {
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
        return running ? scanner.state() : MinerState.STOPPED;
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
        return running && scanner.resume();
    }

    void stopScanning() {
        if (scanner != null) {
            scanner.pause();
        }
    }

    /** The micro-target a source is told: the peer's vardiff target. */
    private long targetMicro(ShareSource source) {
        return targets.targetMicro(source.peer());
    }

    /**
     * The least H(u) admitted from a source now: the peer's vardiff target with its grace after a raise, and for
     * the local device at most the target of the job its candidates were found in.
     */
    private long admissionTargetMicro(ShareSource source) {
        long target = targets.admissionTargetMicro(source.peer());
        if (scanner != null && source.equals(ShareSource.LOCAL_DEVICE)) {
            return Math.min(scanner.admissionTarget(), target);
        }
        return target;
    }

    private SubmitResult maybeSeal(Admission.Admitted admitted, boolean block) {
        Work work = admitted.entry().work();
        if (admitted.hMicro() + work.psiMicro() < work.template().thetaMicro()) {
            if (block) {
                return refuse(SubmitResult.rejected(SubmitResult.BELOW_THETA, "S = H(u) + Σψ = " + admitted.hMicro()
                        + " + " + work.psiMicro() + " micro-nats is below Θ = " + work.template().thetaMicro()));
            }
            offerAsProof(admitted);
            return SubmitResult.accepted(admitted.dRatioPpm());
        }
        synchronized (chainLock) {
            Sealer.Outcome outcome = sealer.seal(admitted);
            if (outcome.block() == null && !block) {
                offerAsProof(admitted);
            }
            if (outcome.block() != null) {
                ChainStore.Head head = chain.head();
                supply.onHead(context(head), chain::isUsed);
                publish(head, select(head), "new head " + head.height());
                return SubmitResult.sealed(admitted.dRatioPpm(), outcome.block().hash());
            }
            return block ? refuse(SubmitResult.rejected(SubmitResult.BELOW_THETA, outcome.refusal()))
                    : SubmitResult.accepted(admitted.dRatioPpm());
        }
    }

    /**
     * Offers an admitted share that made no block as a {@code hashshare:v1} proof for its sibling templates (seed
     * 3.1 step 6: shares accumulate). The pool verifies it; the policy's hash cap bounds what shares add.
     */
    private void offerAsProof(Admission.Admitted admitted) {
        ChainStore.Head head = chain.head();
        if (head.hash().equals(admitted.entry().work().template().parentHash())) {
            supply.offer(admitted.share().toEnvelope(), context(head));
        }
    }

    private SubmitResult refuse(SubmitResult result) {
        metrics.shareRejected(result.reason());
        return result;
    }

    /** Builds and publishes work on the head. Holds the chain lock. */
    private void rotate(String why) {
        ChainStore.Head head = chain.head();
        servedVersion = supply.version();
        publish(head, select(head), why);
    }

    private Selection select(ChainStore.Head head) {
        return selection.select(supply.candidates(), context(head), chain::isUsed);
    }

    private void publish(ChainStore.Head head, Selection chosen, String why) {
        HeaderTemplate template = templates.build(head.height(), head.hash(), head.time(), head.nextThetaMicro(),
                policy, chosen.envelopes());
        Work work = new Work(template, chosen.envelopes(), chosen.psiMicro());
        board.publish(new WorkBoard.Entry(work, chosen));
        LOG.debug("new work {} at height {} ({}): Θ {} Σψ {} with {} proofs", work.templateId(), template.height(),
                why, template.thetaMicro(), work.psiMicro(), work.proofs().size());
        if (scanner != null) {
            scanner.scan(work);
        }
        for (Consumer<Work> listener : listeners) {
            try {
                listener.accept(work);
            } catch (RuntimeException e) {
                LOG.warn("a work listener failed on {}", work.templateId(), e);
            }
        }
    }

    /** The proof context of the block after {@code head}: anchors newest first, as many as the policy allows. */
    ProofContext context(ChainStore.Head head) {
        List<BlockSummary> recent = chain.recent(policy.anchorWindow());
        List<Bytes> anchors = new ArrayList<>(recent.size());
        for (int i = recent.size() - 1; i >= 0; i--) {
            anchors.add(recent.get(i).hash());
        }
        return new ProofContext(chain.chainId(), head.height() + 1, head.hash(), anchors, policy);
    }
}
