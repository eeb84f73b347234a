package io.quarry.poies.node;

import io.quarry.poies.consensus.RejectReason;
import io.quarry.poies.consensus.Score;
import io.quarry.poies.consensus.ShareAdmission;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.ProofEnvelope;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The node's one admission path for shares: the consensus checks of {@link ShareAdmission} in the documented order
 * (schema, header link, u-draw domain, target ratio, nullifier freshness) over the templates of the
 * {@link WorkBoard}, with freshness against both the shares admitted on this head and the chain. Refusals come
 * back as {@link SubmitResult} reason codes.
 */
final class Admission {

    private final WorkBoard board;
    private final ShareAdmission checks;

    Admission(WorkBoard board, Predicate<Bytes> onChain) {
        this.board = Objects.requireNonNull(board, "board");
        Objects.requireNonNull(onChain, "onChain");
        // Test-and-record in one step, so of two identical shares arriving together exactly one passes.
        this.checks = new ShareAdmission(id -> board.find(id).map(e -> e.work().template()),
                nullifier -> onChain.test(nullifier) || !board.admit(nullifier));
    }

    /** An admitted share with what the checks established. */
    record Admitted(HashShare share, WorkBoard.Entry entry, long hMicro) {

        long dRatioPpm() {
            return share.dRatioPpm();
        }
    }

    /** The outcome: exactly one of admitted or refused. */
    record Verdict(Admitted admitted, SubmitResult refused) {
    }

    /**
     * Runs every check on {@code envelope}.
     *
     * @param targetMicro the least H(u) admitted, in micro-nats; a share that meets Θ with its template's proofs
     *     is never too shallow (0 for a submitted block, which needs no share target)
     */
    Verdict check(ProofEnvelope envelope, long targetMicro) {
        io.quarry.poies.consensus.Admission outcome = checks.admit(envelope, template -> Math.min(targetMicro,
                board.find(template.templateId()).map(e -> Score.neededHMicro(template.thetaMicro(),
                        e.work().psiMicro())).orElse(targetMicro)));
        if (outcome instanceof io.quarry.poies.consensus.Admission.Admitted ok) {
            // The entry is there: the checks just found its template (a head change in between makes the share
            // stale for sealing, which the sealer notices).
            WorkBoard.Entry entry = board.find(ok.template().templateId()).orElse(null);
            if (entry == null || !entry.work().template().equals(ok.template())) {
                return refused(SubmitResult.STALE, "template " + ok.template().templateId()
                        + " was replaced by a new head while the share was checked");
            }
            return new Verdict(new Admitted(ok.share(), entry, ok.hMicro()), null);
        }
        io.quarry.poies.consensus.Admission.Rejected no = (io.quarry.poies.consensus.Admission.Rejected) outcome;
        return refused(code(no.reason(), envelope), no.detail());
    }

    private String code(RejectReason reason, ProofEnvelope envelope) {
        return switch (reason) {
            case SCHEMA -> SubmitResult.SCHEMA;
            case STALE -> staleOrUnknown(envelope);
            case HEADER_LINK, NULLIFIER -> SubmitResult.HEADER_LINK;
            case U_DOMAIN -> SubmitResult.U_DOMAIN;
            case TARGET -> SubmitResult.TARGET_RATIO;
            case DUPLICATE_NULLIFIER -> SubmitResult.DUPLICATE;
        };
    }

    /** A template of an earlier head is stale; one this node never served (or forgot) is unknown. */
    private String staleOrUnknown(ProofEnvelope envelope) {
        String templateId = HashShare.fromEnvelope(envelope).templateId();
        return board.retiredHeight(templateId).isPresent() ? SubmitResult.STALE : SubmitResult.UNKNOWN_TEMPLATE;
    }

    private static Verdict refused(String reason, String message) {
        return new Verdict(null, SubmitResult.rejected(reason, message));
    }
}
