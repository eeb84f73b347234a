package io.quarry.poies.hash;

/** Receives what a {@link Device} finds. Called on the device's own threads, concurrently: return quickly. */
public interface ScanListener {

    /** A nonce reached the job's share target. Exceptions are logged and ignored. */
    void onCandidate(Candidate candidate);

    /** Every nonce of {@code job}'s range has been scanned (never, for a range of 2^64). By default nothing. */
    default void onRangeDone(ScanJob job) {
    }
}
