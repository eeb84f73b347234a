package io.quarry.poies.proof;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The link data a proof is verified against: the chain, the height the block will have, its parent and the
 * recent blocks a proof may be anchored to, and the policy in force. Proofs are bound to the chain through an
 * anchor (the hash of a recent block: chain randomness that did not exist before that block, and that ties a
 * proof to one chain so it cannot be replayed on another fork or chain).
 *
 * @param chainId the chain id
 * @param height the height of the block being built
 * @param parentHash the hash of its parent
 * @param anchors hashes of the most recent blocks, newest first; the first is {@code parentHash}. Only the
 *     first {@link Policy#anchorWindow()} count; the rest are dropped
 * @param policy the policy in force
 */
public record ProofContext(long chainId, long height, Bytes parentHash, List<Bytes> anchors, Policy policy) {

    /** Checks the fields and trims {@code anchors} to the policy's window. */
    public ProofContext {
        Objects.requireNonNull(parentHash, "parentHash");
        Objects.requireNonNull(anchors, "anchors");
        Objects.requireNonNull(policy, "policy");
        if (chainId < 0 || height < 0) {
            throw new IllegalArgumentException("chainId and height must be >= 0, were " + chainId + ", " + height);
        }
        if (parentHash.length() != HeaderTemplate.HASH_LENGTH) {
            throw new IllegalArgumentException("parentHash must be 32 bytes, was " + parentHash.length());
        }
        if (anchors.isEmpty() || !anchors.get(0).equals(parentHash)) {
            throw new IllegalArgumentException("anchors must start with the parent hash " + parentHash);
        }
        List<Bytes> trimmed = new ArrayList<>(anchors.subList(0, Math.min(anchors.size(), policy.anchorWindow())));
        for (Bytes anchor : trimmed) {
            if (anchor.length() != HeaderTemplate.HASH_LENGTH) {
                throw new IllegalArgumentException("an anchor is 32 bytes, was " + anchor.length());
            }
        }
        anchors = List.copyOf(trimmed);
    }

    /** A context whose only anchor is the parent (a window of one, or a chain with one block). */
    public static ProofContext ofParent(long chainId, long height, Bytes parentHash, Policy policy) {
        return new ProofContext(chainId, height, parentHash, List.of(parentHash), policy);
    }

    /**
     * The context of {@code template}: its chain, height and parent, with {@code anchors} (newest first,
     * starting with the parent).
     */
    public static ProofContext of(HeaderTemplate template, List<Bytes> anchors, Policy policy) {
        return new ProofContext(template.chainId(), template.height(), template.parentHash(), anchors, policy);
    }

    /** Whether a proof may be anchored to {@code hash}. */
    public boolean anchored(Bytes hash) {
        return anchors.contains(hash);
    }

    /**
     * Rejects a proof anchored outside the window.
     *
     * @throws ProofRejection with {@link ProofRejection.Reason#STALE_ANCHOR}
     */
    public void requireAnchored(Bytes anchor) {
        if (!anchored(anchor)) {
            throw new ProofRejection(ProofRejection.Reason.STALE_ANCHOR, "body.anchor " + anchor
                    + " is not one of the last " + anchors.size() + " blocks before height " + height);
        }
    }
}
