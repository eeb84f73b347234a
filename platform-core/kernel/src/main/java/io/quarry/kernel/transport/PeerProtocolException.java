package io.quarry.kernel.transport;

import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

/** A peer broke the wire protocol; the session cuts it off and counts {@link #reason}. */
final class PeerProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final transient ErrorReason reason;

    PeerProtocolException(ErrorReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    PeerProtocolException(ErrorReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The peer's fault behind a pipeline exception (bad framing or our own checks), or null for others. */
    static PeerProtocolException of(Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            return new PeerProtocolException(ErrorReason.OVERSIZE_FRAME, cause.getMessage(), cause);
        }
        if (cause instanceof CorruptedFrameException) {
            return new PeerProtocolException(ErrorReason.MALFORMED_FRAME, cause.getMessage(), cause);
        }
        if (cause instanceof PeerProtocolException fault) {
            return fault;
        }
        // Netty wraps what a handler throws while decoding.
        return cause.getCause() instanceof PeerProtocolException fault ? fault : null;
    }
}
