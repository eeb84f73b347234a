package io.quarry.kernel.transport;

import java.util.List;

/**
 * The HELLO payload: what one side serves and how much it accepts. Sent first by both sides and again
 * whenever a protocol is registered; the list only ever grows, so a protocol's index (its position here)
 * never changes for the life of a connection.
 *
 * @param version the wire format version ({@link #VERSION})
 * @param protocols the protocol ids this side serves, in index order
 * @param maxFrameBytes the largest frame this side accepts
 * @param streamWindowBytes the stream credit this side grants each incoming stream up front
 */
record Hello(int version, List<String> protocols, int maxFrameBytes, int streamWindowBytes) {

    /** The wire format: 2 added raw sections ({@link Frame#FLAG_RAW}); a version 1 peer is refused. */
    static final int VERSION = 2;

    /**
     * Checks this HELLO from a peer is usable and, when it replaces {@code previous}, only adds protocols.
     *
     * @throws PeerProtocolException when it is not
     */
    void checkFollows(Hello previous) {
        if (version != VERSION || protocols == null || protocols.size() > Frame.MAX_PROTOCOLS
                || maxFrameBytes < TransportSettings.MIN_FRAME_BYTES || streamWindowBytes < 2 * StreamCredit.cost(1024)) {
            throw new PeerProtocolException(ErrorReason.PROTOCOL_VIOLATION, "unusable HELLO " + this);
        }
        if (previous != null && (protocols.size() < previous.protocols.size()
                || !protocols.subList(0, previous.protocols.size()).equals(previous.protocols))) {
            throw new PeerProtocolException(ErrorReason.PROTOCOL_VIOLATION, "a later HELLO dropped or reordered "
                    + "protocols: " + previous.protocols + " then " + protocols);
        }
    }
}
