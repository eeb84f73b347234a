package io.quarry.fleet.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a worker refused or failed a command; the lowercase name travels in {@code error} replies. */
public enum ErrorCode {
    /** The command or its payload is malformed. */
    BAD_REQUEST,
    /** The message format version is not one this worker speaks. */
    UNSUPPORTED_VERSION,
    /** The command type is unknown. */
    UNKNOWN_TYPE,
    /** The sender is not a controller this worker registered. */
    NOT_A_CONTROLLER,
    /** The command names another sender or recipient than the connection's. */
    WRONG_NODE,
    /** The signature does not verify. */
    BAD_SIGNATURE,
    /** This command id was seen before. */
    REPLAYED,
    /** The timestamp is too far from the worker's clock. */
    STALE,
    /** This node does not take commands (its role is controller). */
    NOT_A_WORKER,
    /** No such miner on this node. */
    UNKNOWN_MINER,
    /** The profile is unknown or does not validate against the miner's settings. */
    BAD_PROFILE,
    /** The miner could not do what was asked. */
    MINER_FAILED,
    /** The deployment bundle was refused. */
    BAD_BUNDLE,
    /** The deployment bundle is larger than this worker's {@code max_bundle_bytes}. */
    BUNDLE_TOO_LARGE,
    /** The worker failed in a way that is not the command's fault. */
    INTERNAL;

    /** The name on the wire. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The code named {@code wire}; unknown names read as {@link #INTERNAL}. */
    @JsonCreator
    public static ErrorCode of(String wire) {
        for (ErrorCode c : values()) {
            if (c.wire().equals(wire)) {
                return c;
            }
        }
        return INTERNAL;
    }
}
