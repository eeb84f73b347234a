package io.quarry.poies.stratum;

import io.quarry.api.limit.RateLimiter;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.node.PoiesNode;
import io.quarry.poies.node.ShareSource;
import io.quarry.poies.node.SubmitResult;
import io.quarry.poies.node.Work;
import io.quarry.poies.node.WorkSubscription;
import io.quarry.poies.target.ShareTarget;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a Stratum server's work comes from and where its shares go: the local chain ({@link #of(PoiesNode)}) or,
 * for {@code quarry poies stratum-proxy}, a remote node reached over WebSocket getwork and JSON-RPC. The contract is
 * {@link PoiesNode}'s for the same methods: thread-safe, nothing blocks for long, refusals are results.
 */
public interface WorkBackend {

    /** The work to hand out now; empty while a remote backend has none yet. */
    Optional<Work> currentWork();

    /** The work with this id while shares on it are still worth submitting. */
    Optional<Work> work(String templateId);

    /** Hears every new work, in order, on a backend thread; must return quickly. Close to stop. */
    WorkSubscription onWork(Consumer<Work> listener);

    /** Admits one HashShare envelope from {@code source}; never throws for bad input. */
    SubmitResult submitShare(ProofEnvelope share, ShareSource source);

    /** The micro-target shares from {@code source} must reach. */
    ShareTarget shareTarget(ShareSource source);

    /** Counts a refusal made before {@link #submitShare} (a {@link SubmitResult} reason code). */
    void recordRejected(String reason);

    /** The per-peer and global token buckets. */
    RateLimiter limiter();

    /** The local node as a backend. */
    static WorkBackend of(PoiesNode node) {
        Objects.requireNonNull(node, "node");
        return new WorkBackend() {
            @Override
            public Optional<Work> currentWork() {
                return Optional.of(node.currentWork());
            }

            @Override
            public Optional<Work> work(String templateId) {
                return node.work(templateId);
            }

            @Override
            public WorkSubscription onWork(Consumer<Work> listener) {
                return node.onWork(listener);
            }

            @Override
            public SubmitResult submitShare(ProofEnvelope share, ShareSource source) {
                return node.submitShare(share, source);
            }

            @Override
            public ShareTarget shareTarget(ShareSource source) {
                return node.shareTarget(source);
            }

            @Override
            public void recordRejected(String reason) {
                node.recordRejected(reason);
            }

            @Override
            public RateLimiter limiter() {
                return node.limiter();
            }
        };
    }
}
