package io.quarry.fleet.protocol;

import java.util.Objects;

/**
 * A controller's command as it crosses the transport ({@link FleetProtocol#COMMAND}). The signature covers
 * every other field ({@link CommandSigning}), so a worker can tell the controller issued exactly this command,
 * for exactly this worker, at this time, once.
 *
 * @param version the message format version ({@link FleetProtocol#VERSION})
 * @param id unique per command (a UUID); a worker refuses an id it has seen
 * @param type {@code ping}, {@code get_stats}, {@code start_miner}, {@code stop_miner}, {@code deploy} or {@code get_logs}
 * @param from the controller's node id
 * @param to the worker's node id
 * @param timestamp when the controller issued it, milliseconds since the epoch
 * @param payload the type's JSON payload (UTF-8)
 * @param signature the controller's Ed25519 signature over {@link CommandSigning#signedBytes}
 */
public record FleetCommand(int version, String id, String type, String from, String to, long timestamp,
        byte[] payload, byte[] signature) {

    public FleetCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(signature, "signature");
    }
}
