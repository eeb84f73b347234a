package io.quarry.poies.hash;

import io.quarry.poies.model.HeaderTemplate;
import java.util.Objects;

/**
 * What a {@link Device} scans: nonces {@code firstNonce, firstNonce + 1, ...} (wrapping at 2^64) of one template,
 * reporting each nonce whose H(u) reaches the share target.
 *
 * @param template the template
 * @param shareTargetMicro the least H(u), in micro-nats, of a nonce worth reporting; in [0, {@link UDraw#MAX_H_MICRO}]
 * @param firstNonce where the range starts (a node gives outside miners disjoint ranges; a lone miner may start
 *     anywhere)
 * @param nonceCount how many nonces the range has; 0 means all 2^64
 */
public record ScanJob(HeaderTemplate template, long shareTargetMicro, long firstNonce, long nonceCount) {

    /** Checks the target and count. */
    public ScanJob {
        Objects.requireNonNull(template, "template");
        if (shareTargetMicro < 0 || shareTargetMicro > UDraw.MAX_H_MICRO) {
            throw new IllegalArgumentException("shareTargetMicro must be in [0, " + UDraw.MAX_H_MICRO + "], was "
                    + shareTargetMicro);
        }
        if (nonceCount < 0) {
            throw new IllegalArgumentException("nonceCount must be >= 0 (0: every nonce), was " + nonceCount);
        }
    }

    /** A job over every nonce, starting at {@code firstNonce}. */
    public static ScanJob unbounded(HeaderTemplate template, long shareTargetMicro, long firstNonce) {
        return new ScanJob(template, shareTargetMicro, firstNonce, 0);
    }
}
