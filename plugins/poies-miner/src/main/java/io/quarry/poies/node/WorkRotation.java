package io.quarry.poies.node;

import io.quarry.poies.chain.BlockSummary;
import io.quarry.poies.chain.ChainStore;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.select.ProofPacker;
import io.quarry.poies.proof.select.ProofSelector;
import io.quarry.poies.proof.select.Selection;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's current work: builds a template on the head with the best proof set the pool offers, publishes
 * it to the {@link WorkBoard}, the local scanner and every subscriber, and rebuilds it when the head moves, the pool
 * offers a set worth more psi, or the work grows old.
 *
 * <p>Locking: one chain lock ({@link #lock()}) serialises rotation and sealing, since both read the head and
 * publish work.
 */
final class WorkRotation {

    private static final Logger LOG = LoggerFactory.getLogger(WorkRotation.class);

    /** Work older than this is rebuilt even without news, so template times stay close to the clock. */
    static final Duration MAX_WORK_AGE = Duration.ofSeconds(30);

    private final WorkSources sources;
    private final ChainStore chain;
    private final ProofSupply supply;
    private final ProofPacker packer;
    private final SelectionOverlay selection;
    private final InstantSource clock;
    private final WorkBoard board = new WorkBoard();
    private final List<Consumer<Work>> listeners = new CopyOnWriteArrayList<>();
    private final Object chainLock = new Object();
    private Consumer<Work> scanner;
    private volatile boolean running;
    private long servedVersion = Long.MIN_VALUE;

    /** Rotation over {@code sources}; publishes nothing until {@link #begin}. */
    WorkRotation(WorkSources sources, InstantSource clock) {
        this.sources = Objects.requireNonNull(sources, "sources");
        this.chain = sources.chain();
        this.supply = sources.supply();
        this.packer = new ProofPacker(sources.registry());
        this.selection = new SelectionOverlay(new ProofSelector(sources.registry()), packer, sources.overlay());
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Builds the first work at once (with whatever proofs the pool has) so the fronts always have work to serve.
     *
     * @param scanner receives every new work before the subscribers do, or null when this node does not scan
     */
    void begin(Consumer<Work> scanner) {
        synchronized (chainLock) {
            this.scanner = scanner;
            rotate("start");
        }
    }

    /** Starts the proof workers and points them at the head. */
    void start() {
        running = true;
        supply.start();
        synchronized (chainLock) {
            supply.onHead(context(chain.head()), chain::isUsed);
        }
    }

    /** Marks the node stopped: refresh does nothing and submissions are refused from now on. */
    void stop() {
        running = false;
    }

    /** Stops the proof workers; harmless to repeat. */
    void closeSupply() {
        supply.close();
    }

    /** Whether the node runs (between {@link #start} and {@link #stop}). */
    boolean running() {
        return running;
    }

    /** The chain lock: rotation and sealing hold it. */
    Object lock() {
        return chainLock;
    }

    ChainStore chain() {
        return chain;
    }

    WorkBoard board() {
        return board;
    }

    /** The packer selection credits proofs with; sealing re-credits with the same one. */
    ProofPacker packer() {
        return packer;
    }

    /** See {@link PoiesNodeService#refresh()}. */
    void refresh() {
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

    /** After a block was sealed: the proof workers move to the new head and work on it is published. */
    void onNewHead() {
        synchronized (chainLock) {
            ChainStore.Head head = chain.head();
            supply.onHead(context(head), chain::isUsed);
            publish(head, select(head), "new head " + head.height());
        }
    }

    /**
     * Offers an admitted share that made no block as a {@code hashshare:v1} proof for its sibling templates (shares
     * accumulate), when its template still extends the head. The pool verifies it; the policy's hash cap bounds
     * what shares add.
     */
    void offerShare(ProofEnvelope share, Bytes parentHash) {
        ChainStore.Head head = chain.head();
        if (head.hash().equals(parentHash)) {
            supply.offer(share, context(head));
        }
    }

    WorkSubscription onWork(Consumer<Work> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
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
        HeaderTemplate template = sources.templates().build(head.height(), head.hash(), head.time(),
                head.nextThetaMicro(), sources.policy(), chosen.envelopes());
        Work work = new Work(template, chosen.envelopes(), chosen.psiMicro());
        board.publish(new WorkBoard.Entry(work, chosen));
        LOG.debug("new work {} at height {} ({}): Θ {} Σψ {} with {} proofs", work.templateId(), template.height(),
                why, template.thetaMicro(), work.psiMicro(), work.proofs().size());
        if (scanner != null) {
            scanner.accept(work);
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
        List<BlockSummary> recent = chain.recent(sources.policy().anchorWindow());
        List<Bytes> anchors = new ArrayList<>(recent.size());
        for (int i = recent.size() - 1; i >= 0; i--) {
            anchors.add(recent.get(i).hash());
        }
        return new ProofContext(chain.chainId(), head.height() + 1, head.hash(), anchors, sources.policy());
    }
}
