package io.quarry.fleet.controller;

import io.quarry.fleet.protocol.ErrorCode;

/** A peer could not be reached or answered a command with an error; the message says which and why. */
public final class RemoteError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /**
     * @param code the peer's error code, or null when the peer was not reached
     */
    public RemoteError(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    /** The peer's error code; empty when the peer did not answer. */
    public java.util.Optional<ErrorCode> code() {
        return java.util.Optional.ofNullable(code);
    }
}
