package io.quarry.poies.node;

import io.quarry.poies.model.Block;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.target.ShareTarget;
import io.quarry.poies.target.ShareTargets;
import io.quarry.poies.target.ThetaSchedule;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Takes in every share and block a front or the local scanner submits: admits it through the node's one
 * {@link Admission} path against the source's target, counts it, offers a share that made no block to the proof
 * pool, and hands one that may make a block to the {@link Sealer}, after which the {@link WorkRotation} moves to the
 * new head.
 *
 * <p>Admission runs without the chain lock, concurrently; only a share that may make a block takes it.
 */
final class ShareIntake {

    private final WorkRotation rotation;
    private final ShareTargets targets;
    private final PoiesMetrics metrics;
    private final Admission admission;
    private final Sealer sealer;
    private final LocalScanner scanner;

    /** @param scanner the local device's driver, or null when this node does not scan */
    ShareIntake(WorkRotation rotation, ThetaSchedule theta, ShareTargets targets, PoiesMetrics metrics,
            LocalScanner scanner) {
        this.rotation = Objects.requireNonNull(rotation, "rotation");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.admission = new Admission(rotation.board(), rotation.chain()::isUsed);
        this.sealer = new Sealer(rotation.chain(), rotation.packer(), Objects.requireNonNull(theta, "theta"), metrics,
                rotation::context);
        this.scanner = scanner;
    }

    /** See {@link PoiesNode#submitShare}. */
    SubmitResult submitShare(ProofEnvelope share, ShareSource source) {
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(source, "source");
        long started = System.nanoTime();
        try {
            if (!rotation.running()) {
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

    /** See {@link PoiesNode#submitBlock}. */
    SubmitResult submitBlock(Block block, ShareSource source) {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(source, "source");
        long started = System.nanoTime();
        try {
            if (!rotation.running()) {
                return refuse(SubmitResult.rejected(SubmitResult.NOT_READY, "the node is not running"));
            }
            Optional<WorkBoard.Entry> entry = rotation.board().find(block.template().templateId());
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

    /** See {@link PoiesNode#recordRejected}. */
    void recordRejected(String reason) {
        SubmitResult.jsonRpcCode(reason); // refuses anything that is not a reason code
        metrics.shareRejected(reason);
    }

    /** See {@link PoiesNode#shareTarget}: the peer's vardiff target for the current Θ. */
    ShareTarget shareTarget(ShareSource source) {
        long theta = rotation.board().current().work().template().thetaMicro();
        long h = targets.targetMicro(source.peer());
        long ratio = Math.max(1, Math.ceilDiv(h * 1_000_000L, theta)); // h <= 1.8e8: no overflow
        return new ShareTarget(ratio, h, theta);
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
        synchronized (rotation.lock()) {
            Sealer.Outcome outcome = sealer.seal(admitted);
            if (outcome.block() == null && !block) {
                offerAsProof(admitted);
            }
            if (outcome.block() != null) {
                rotation.onNewHead();
                return SubmitResult.sealed(admitted.dRatioPpm(), outcome.block().hash());
            }
            return block ? refuse(SubmitResult.rejected(SubmitResult.BELOW_THETA, outcome.refusal()))
                    : SubmitResult.accepted(admitted.dRatioPpm());
        }
    }

    private void offerAsProof(Admission.Admitted admitted) {
        rotation.offerShare(admitted.share().toEnvelope(), admitted.entry().work().template().parentHash());
    }

    private SubmitResult refuse(SubmitResult result) {
        metrics.shareRejected(result.reason());
        return result;
    }
}
