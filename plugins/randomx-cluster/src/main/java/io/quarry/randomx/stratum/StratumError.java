package io.quarry.randomx.stratum;

import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.randomx.job.SubmitResult;

/**
 * Errors the endpoint answers miners with, and the {@code reason} tag each is counted under. Code -1 and the
 * wording follow xmrig-proxy and the common Monero pools where they have one, so XMRig prints familiar text
 * ({@code "Unauthenticated"} also makes XMRig reconnect and log in again).
 */
enum StratumError {
    UNAUTHENTICATED("Unauthenticated", SubmitResult.UNAUTHENTICATED),
    INVALID_JOB_ID("Invalid job id", "unknown_job"),
    BLOCK_EXPIRED("Block expired", SubmitResult.STALE),
    INVALID_NONCE("Invalid nonce: expected 8 hex characters", SubmitResult.INVALID_NONCE),
    NONCE_OUT_OF_RANGE("Invalid nonce; is miner not compatible with NiceHash?", "nonce_range"),
    INVALID_RESULT("Invalid result: expected 64 hex characters", "invalid_result"),
    DUPLICATE("Duplicate share", SubmitResult.DUPLICATE),
    BAD_HASH("Bad hash: result does not match the job and nonce", SubmitResult.BAD_HASH),
    LOW_DIFFICULTY("Low difficulty share", SubmitResult.LOW_DIFFICULTY),
    MALFORMED("Malformed submit", "malformed"),
    UNVERIFIED("Share could not be verified right now; it was not counted", "unverified");

    static final int CODE = -1;

    private final String message;
    private final String reason;

    StratumError(String message, String reason) {
        this.message = message;
        this.reason = reason;
    }

    String message() {
        return message;
    }

    String reason() {
        return reason;
    }

    JsonRpcException exception() {
        return new JsonRpcException(new JsonRpcError(CODE, message));
    }

    /** A login refusal with its own words. */
    static JsonRpcException loginRefused(String message) {
        return new JsonRpcException(new JsonRpcError(CODE, message));
    }
}
