package io.quarry.fleet.worker;

import io.quarry.fleet.protocol.ErrorCode;
import io.quarry.fleet.protocol.Refusal;

/** A command that passed the gate but cannot be carried out; becomes an {@code error} reply. */
public final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public CommandFailure(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    /** The reply's code and message. */
    public Refusal refusal() {
        return new Refusal(code, getMessage());
    }
}
