package io.quarry.poies.stratum;

import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.poies.node.SubmitResult;
import java.util.Map;

/**
 * Stratum v1 error codes (the {@code [code, message, data]} arrays of {@code mining.*} answers) and how the node's
 * admission reasons map onto them. Stratum's codes are coarse (21 covers both an unknown and a stale job), so every
 * error's message starts with the node's reason code and its data is {@code {"reason": code}}: a miner can tell
 * a stale job from an unknown one, or a duplicate from a low-difficulty share, without parsing prose.
 */
public final class StratumError {

    /** Other or unknown (malformed share, bad binding, node not ready). */
    public static final int OTHER = 20;
    /** Job not found: unknown or stale template. */
    public static final int JOB_NOT_FOUND = 21;
    /** Duplicate share: its nullifier was already admitted. */
    public static final int DUPLICATE = 22;
    /** Low difficulty share: below this connection's micro-target. */
    public static final int LOW_DIFFICULTY = 23;
    /** Unauthorized worker. */
    public static final int UNAUTHORIZED = 24;
    /** Not subscribed. */
    public static final int NOT_SUBSCRIBED = 25;

    private static final Map<String, Integer> CODES = Map.of(
            SubmitResult.UNKNOWN_TEMPLATE, JOB_NOT_FOUND,
            SubmitResult.STALE, JOB_NOT_FOUND,
            SubmitResult.DUPLICATE, DUPLICATE,
            SubmitResult.TARGET_RATIO, LOW_DIFFICULTY,
            SubmitResult.RATE_LIMITED, JsonRpcError.RATE_LIMITED);

    private StratumError() {
    }

    /** The Stratum code for an admission reason. */
    public static int code(String reason) {
        return CODES.getOrDefault(reason, OTHER);
    }

    /** The error for a refused share: {@code [code, "<reason>: <message>", {"reason": reason}]}. */
    public static JsonRpcException refused(SubmitResult result) {
        return new JsonRpcException(new JsonRpcError(code(result.reason()), result.reason() + ": " + result.message(),
                Map.of("reason", result.reason())));
    }

    /** A request that needs {@code mining.subscribe} first. */
    public static JsonRpcException notSubscribed() {
        return new JsonRpcException(NOT_SUBSCRIBED, "Not subscribed: send mining.subscribe first");
    }

    /** A request that needs {@code mining.authorize} of this worker first. */
    public static JsonRpcException unauthorized(String worker) {
        return new JsonRpcException(UNAUTHORIZED, "Unauthorized worker: " + worker + " has not sent mining.authorize "
                + "on this connection");
    }
}
