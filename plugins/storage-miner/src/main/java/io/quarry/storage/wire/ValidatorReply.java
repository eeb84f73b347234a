package io.quarry.storage.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** The validator's answers on {@code storage/validator-control/1}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ValidatorReply.Registered.class, name = "Registered"),
    @JsonSubTypes.Type(value = ValidatorReply.HeartbeatAck.class, name = "HeartbeatAck"),
    @JsonSubTypes.Type(value = ValidatorReply.PgFiles.class, name = "PgFiles"),
    @JsonSubTypes.Type(value = ValidatorReply.ManifestReply.class, name = "Manifest"),
    @JsonSubTypes.Type(value = ValidatorReply.Refused.class, name = "Refused"),
})
public sealed interface ValidatorReply {

    /**
     * The answer to Register.
     *
     * @param status OK, RATE_LIMITED or FAMILY_REJECTED
     * @param reason why, when not OK
     * @param epoch the current cluster map epoch
     * @param wardens node ids allowed to challenge besides the validator
     */
    record Registered(String status, String reason, long epoch, List<String> wardens) implements ValidatorReply {
    }

    /**
     * The answer to Heartbeat.
     *
     * @param status OK, or UNKNOWN when the validator does not know the miner (it then registers again)
     * @param epoch the current cluster map epoch
     * @param wardens node ids allowed to challenge besides the validator
     */
    record HeartbeatAck(String status, long epoch, List<String> wardens) implements ValidatorReply {
    }

    /**
     * One page of stripes in the asked placement groups.
     *
     * @param epoch the cluster map epoch the answer is for
     * @param stripes the stripes
     * @param next the offset of the next page, or -1 when this was the last
     * @param asOf the validator's clock when it read the stripes, milliseconds since the epoch (0 from an older
     *     validator): the miner reports its pass as started then, so the validator compares its own clock with
     *     its own clock
     */
    record PgFiles(long epoch, List<StripeRef> stripes, int next, long asOf) implements ValidatorReply {

        /** A page without a time. */
        public PgFiles(long epoch, List<StripeRef> stripes, int next) {
            this(epoch, stripes, next, 0);
        }
    }

    /**
     * The answer to QueryManifest.
     *
     * @param manifest the manifest, or null when the file is unknown
     */
    record ManifestReply(Manifest manifest) implements ValidatorReply {
    }

    /**
     * Not answered, and why.
     *
     * @param code FORBIDDEN, BAD_SIGNATURE, STALE_TIMESTAMP, BAD_REQUEST, UNAVAILABLE
     * @param reason a sentence for the operator
     */
    record Refused(String code, String reason) implements ValidatorReply {
    }
}
