package io.quarry.poies.node;

import io.quarry.poies.model.Bytes;
import java.util.Objects;
import java.util.Optional;

/**
 * What the node made of a submitted share or block.
 *
 * <p>{@link #reason()} codes (stable; the {@code reason} label of
 * {@code animica_miner_shares_rejected_total}), in the order admission checks them:
 * <ul>
 *   <li>{@value #SCHEMA}: not a well-formed HashShare envelope (wrong type_id, missing or extra member, bad hex,
 *       wrong length)</li>
 *   <li>{@value #UNKNOWN_TEMPLATE}: the templateId is not one this node served</li>
 *   <li>{@value #STALE}: the template was built on a parent that is no longer the head</li>
 *   <li>{@value #HEADER_LINK}: the share does not bind to its template (mix seed differs, keccak is not the
 *       digest of template and nonce, u or nullifier not derived from it)</li>
 *   <li>{@value #U_DOMAIN}: the u-draw is outside its domain (zero, or the template's uDomainTag is not one
 *       this node draws in)</li>
 *   <li>{@value #TARGET_RATIO}: d_ratio_ppm is not what H(u) gives, or is below the micro-target</li>
 *   <li>{@value #DUPLICATE}: the nullifier was already admitted or is on chain</li>
 *   <li>{@value #RATE_LIMITED}: the peer or the node is over its request rate</li>
 *   <li>{@value #BELOW_THETA}: a submitted block whose score does not meet Θ, or whose proofs no longer verify
 *       (only from {@link PoiesNode#submitBlock})</li>
 *   <li>{@value #NOT_READY}: the node is not running (starting or stopping)</li>
 * </ul>
 *
 * @param status accepted, sealed (accepted and it made a block) or rejected
 * @param reason empty when accepted; otherwise one of the codes above
 * @param message a human explanation (safe to send to the peer)
 * @param dRatioPpm the share's depth relative to Θ as recomputed by the node (0 when it never got that far)
 * @param blockHash the sealed block's hash when {@link Status#SEALED}
 */
public record SubmitResult(Status status, String reason, String message, long dRatioPpm,
        Optional<Bytes> blockHash) {

    public static final String SCHEMA = "schema";
    public static final String UNKNOWN_TEMPLATE = "unknown_template";
    public static final String STALE = "stale";
    public static final String HEADER_LINK = "header_link";
    public static final String U_DOMAIN = "u_domain";
    public static final String TARGET_RATIO = "target_ratio";
    public static final String DUPLICATE = "duplicate";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String BELOW_THETA = "below_theta";
    public static final String NOT_READY = "not_ready";

    /** What happened to a submission. */
    public enum Status {
        /** Admitted and counted; not a block. */
        ACCEPTED,
        /** Admitted and it sealed a block. */
        SEALED,
        /** Refused; see the reason. */
        REJECTED
    }

    public SubmitResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(blockHash, "blockHash");
        if ((status == Status.REJECTED) == reason.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs a reason and nothing else may have one");
        }
        if ((status == Status.SEALED) != blockHash.isPresent()) {
            throw new IllegalArgumentException("a block hash comes with SEALED and only with it");
        }
    }

    /** An admitted share that did not make a block. */
    public static SubmitResult accepted(long dRatioPpm) {
        return new SubmitResult(Status.ACCEPTED, "", "accepted", dRatioPpm, Optional.empty());
    }

    /** An admitted share that sealed block {@code hash}. */
    public static SubmitResult sealed(long dRatioPpm, Bytes hash) {
        return new SubmitResult(Status.SEALED, "", "sealed block " + hash, dRatioPpm, Optional.of(hash));
    }

    /** A refusal with one of the reason codes. */
    public static SubmitResult rejected(String reason, String message) {
        return new SubmitResult(Status.REJECTED, reason, message, 0, Optional.empty());
    }

    /**
     * The JSON-RPC error code a refusal is answered with, on every endpoint (RPC, WebSocket getwork; Stratum
     * keeps its own small codes): {@code -32602} for {@value #SCHEMA} (the params are wrong), {@code -32005} for
     * {@value #RATE_LIMITED} (as the kernel's line servers answer), and one code per reason in the server range
     * otherwise. The reason code itself travels in the error's {@code data.reason}.
     */
    public static int jsonRpcCode(String reason) {
        return switch (reason) {
            case SCHEMA -> -32602;
            case RATE_LIMITED -> -32005;
            case UNKNOWN_TEMPLATE -> -32010;
            case STALE -> -32011;
            case HEADER_LINK -> -32012;
            case U_DOMAIN -> -32013;
            case TARGET_RATIO -> -32014;
            case DUPLICATE -> -32015;
            case BELOW_THETA -> -32016;
            case NOT_READY -> -32017;
            default -> throw new IllegalArgumentException("not a reason code: " + reason);
        };
    }

    /** Whether the share was admitted (sealed or not). */
    public boolean isAccepted() {
        return status != Status.REJECTED;
    }

    /** Whether the share sealed a block. */
    public boolean isSealed() {
        return status == Status.SEALED;
    }
}
