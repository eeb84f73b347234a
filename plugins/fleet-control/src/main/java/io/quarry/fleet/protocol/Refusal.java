package io.quarry.fleet.protocol;

import java.util.Objects;

/**
 * Why a command is not carried out.
 *
 * @param code the error code sent back
 * @param message what was expected and what was found, safe to send to the peer
 */
public record Refusal(ErrorCode code, String message) {

    public Refusal {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
