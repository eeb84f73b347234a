package io.quarry.poies.hash;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.ShareDigest;

/**
 * A nonce whose H(u) reached its job's share target, with the exact H(u) already computed.
 *
 * @param job the job it was found in
 * @param nonce the nonce
 * @param digest the 64-byte share digest
 * @param hMicro H(u) in micro-nats ({@link UDraw#hMicro})
 */
public record Candidate(ScanJob job, long nonce, Bytes digest, long hMicro) {

    /** The u-draw (the digest's first 32 bytes). */
    public Bytes u() {
        return ShareDigest.u(digest);
    }

    /** {@code d_ratio_ppm} against the template's Theta. */
    public long dRatioPpm() {
        return UDraw.dRatioPpm(hMicro, job.template().thetaMicro());
    }

    /** The HashShare to submit. */
    public HashShare toHashShare() {
        return HashShare.of(job.template(), nonce, digest, dRatioPpm());
    }
}
