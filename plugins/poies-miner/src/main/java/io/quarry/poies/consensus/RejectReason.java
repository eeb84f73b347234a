package io.quarry.poies.consensus;

import java.util.Locale;

/**
 * Why a share was refused, one value per admission step ({@code docs/poies-canonical-header.md} section 5), in the
 * order they are checked. {@link #label()} is the value of the {@code reason} label of {@code
 * animica_miner_shares_rejected_total} and the word a client sees in the error.
 */
public enum RejectReason {
    /** Not a HashShare envelope of the documented shape (missing or unknown member, bad hex, wrong type). */
    SCHEMA,
    /** The template it names is unknown or no longer served (the head or Theta moved on). */
    STALE,
    /** Not bound to the template: the mix seed differs, or keccak is not the digest of template and nonce. */
    HEADER_LINK,
    /** u is not the digest's first 32 bytes, or the template draws in a u-domain this node does not know. */
    U_DOMAIN,
    /** H(u) is below the share target, or d_ratio_ppm is not the share's depth against Theta. */
    TARGET,
    /** The nullifier is not the one derived from the digest. */
    NULLIFIER,
    /** The nullifier was already used by an admitted share. */
    DUPLICATE_NULLIFIER;

    /** The metric label value: the name in lowercase ({@code header_link}, {@code duplicate_nullifier}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
