package io.quarry.kernel.transport;

/**
 * The ERROR payload: why a call failed at the responder.
 *
 * @param code one of the constants here, for the caller's metrics and tests
 * @param message what happened, for the caller's exception message
 */
record WireError(String code, String message) {

    /** The responder is at its handler or protocol concurrency limit. */
    static final String BUSY = "busy";
    /** The handler threw. */
    static final String HANDLER_FAILED = "handler_failed";
    /** The response would exceed the protocol's message limit. */
    static final String TOO_LARGE = "too_large";
    /** The protocol is served by another kind of handler (request vs upload vs download). */
    static final String WRONG_KIND = "wrong_kind";
    /** The responder is shutting down. */
    static final String UNAVAILABLE = "unavailable";
}
