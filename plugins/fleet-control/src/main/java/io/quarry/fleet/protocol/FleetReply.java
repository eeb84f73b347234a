package io.quarry.fleet.protocol;

import java.util.Objects;

/**
 * A worker's answer to one {@link FleetCommand}. It travels back on the same authenticated connection, so it
 * needs no signature of its own.
 *
 * @param id the command's id
 * @param type {@code pong}, {@code stats}, {@code miner}, {@code deploy_ack}, {@code logs} or {@code error}
 * @param payload the type's JSON payload (UTF-8)
 */
public record FleetReply(String id, String type, byte[] payload) {

    public FleetReply {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
    }
}
