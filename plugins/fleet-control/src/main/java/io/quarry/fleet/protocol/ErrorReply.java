package io.quarry.fleet.protocol;

/**
 * The {@code error} reply.
 *
 * @param code why, as a stable code
 * @param message what was expected and what was found
 */
public record ErrorReply(ErrorCode code, String message) {
}
