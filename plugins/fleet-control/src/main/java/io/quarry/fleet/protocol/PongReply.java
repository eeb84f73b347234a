package io.quarry.fleet.protocol;

/**
 * The {@code pong} reply: who the worker is.
 *
 * @param id its node id
 * @param name its fleet name
 * @param role its role
 * @param version its Quarry version
 * @param timestamp its clock when it answered, milliseconds since the epoch
 */
public record PongReply(String id, String name, String role, String version, long timestamp) {
}
