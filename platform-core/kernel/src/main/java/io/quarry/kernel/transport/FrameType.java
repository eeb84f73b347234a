package io.quarry.kernel.transport;

/**
 * The kinds of frame on a Quarry connection (see {@code package-info} for the layout). Codes start at 1 so a
 * run of zero bytes is never a valid frame.
 */
enum FrameType {
    /** Either side, first frame and on every new registration: CBOR {@link Hello}. */
    HELLO(1),
    /** Requester: CBOR request (or upload header, or download request), protocol index set. */
    REQUEST(2),
    /** Responder: CBOR response to the call id. */
    RESPONSE(3),
    /** Responder: CBOR {@link WireError}; ends the call, including a download mid-stream. */
    ERROR(4),
    /** Either side: CBOR one-way message, protocol index set, call id 0. */
    ONEWAY(5),
    /** Body bytes of the call's stream (upload: from requester; download: from responder). */
    STREAM_DATA(6),
    /** The call's stream is complete; empty. */
    STREAM_END(7),
    /** Requester abandons the call (timeout, failed body, closed download); empty. */
    CANCEL(8),
    /** The stream's reader grants the sender more bytes: a 4-byte unsigned count. */
    CREDIT(9);

    private static final FrameType[] BY_CODE = new FrameType[16];

    static {
        for (FrameType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    final int code;

    FrameType(int code) {
        this.code = code;
    }

    /** The type with {@code code}, or null for an unknown code. */
    static FrameType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Whether this frame names a protocol (and so carries a protocol index). */
    boolean namesProtocol() {
        return this == REQUEST || this == ONEWAY;
    }

    /** Whether this frame belongs to a call (and so carries a non-zero call id). */
    boolean belongsToCall() {
        return this != HELLO && this != ONEWAY;
    }
}
