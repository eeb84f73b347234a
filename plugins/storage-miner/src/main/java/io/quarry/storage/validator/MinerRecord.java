package io.quarry.storage.validator;

import java.time.Instant;

/**
 * What the validator knows of one registered miner.
 *
 * @param nodeId the miner's node id
 * @param familyId its failure family
 * @param host where its transport listens
 * @param port its transport port
 * @param totalBytes storage it offers (0: no configured limit)
 * @param availableBytes storage it reported free
 * @param lastSeen its last Register or Heartbeat
 * @param registeredAt its last accepted Register (on the validator's clock): what it held before may be gone
 */
public record MinerRecord(String nodeId, String familyId, String host, int port, long totalBytes, long availableBytes,
                          Instant lastSeen, Instant registeredAt) {

    /** This record seen again at {@code when}, with {@code available} bytes free. */
    MinerRecord seen(Instant when, long available) {
        return new MinerRecord(nodeId, familyId, host, port, totalBytes, available, when, registeredAt);
    }
}
