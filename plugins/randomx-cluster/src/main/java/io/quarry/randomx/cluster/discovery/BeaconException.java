package io.quarry.randomx.cluster.discovery;

/** A datagram that is not a beacon this node accepts; {@link #reason()} says why, for the counters. */
public final class BeaconException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a datagram was refused. */
    public enum Reason {
        /** Longer than {@link BeaconCodec#MAX_BYTES}. */
        OVERSIZE,
        /** Not the beacon layout (magic, version, lengths, field ranges). */
        MALFORMED,
        /** The MAC does not verify: another cluster's secret, or tampering. */
        FORGED,
        /** Its counter is not above the last one seen from that node. */
        REPLAYED
    }

    private final Reason reason;

    public BeaconException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why the datagram was refused. */
    public Reason reason() {
        return reason;
    }
}
