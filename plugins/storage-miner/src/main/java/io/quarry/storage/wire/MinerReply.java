package io.quarry.storage.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A miner's answer on {@code storage/miner-control/1} and its Store stream. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = MinerReply.Ok.class, name = "Ok"),
    @JsonSubTypes.Type(value = MinerReply.Refused.class, name = "Refused"),
    @JsonSubTypes.Type(value = MinerReply.Proof.class, name = "PosProofResponse"),
})
public sealed interface MinerReply {

    /**
     * Done.
     *
     * @param detail what was done ("stored", "already stored", "deleted", "epoch 7")
     */
    record Ok(String detail) implements MinerReply {
    }

    /**
     * Not done, and why.
     *
     * @param code a stable code: FORBIDDEN, BAD_SIGNATURE, BAD_REQUEST, FULL, OVERSIZE, HASH_MISMATCH,
     *     TRUNCATED, NOT_FOUND, BUSY, CORRUPT, STALE_EPOCH, UNAVAILABLE
     * @param reason a sentence for the operator
     */
    record Refused(String code, String reason) implements MinerReply {
    }

    /**
     * The answer to a PosChallenge.
     *
     * @param proof the proof
     */
    record Proof(PosProof proof) implements MinerReply {
    }
}
