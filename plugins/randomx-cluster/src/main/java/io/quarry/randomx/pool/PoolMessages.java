package io.quarry.randomx.pool;

import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.Share;
import io.quarry.randomx.job.SubmitResult;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The Monero Stratum messages a miner sends a pool and reads back, as XMRig's {@code Client} writes them:
 * {@code login} params, the login answer ({@code id}, {@code job}, {@code extensions}), {@code submit} params
 * and the submit answer ({@code {"status":"OK"}} or an error whose message says why).
 */
final class PoolMessages {

    private static final HexFormat HEX = HexFormat.of();

    private PoolMessages() {
    }

    /** What a pool's login answer told us. */
    record LoginAnswer(String id, boolean keepalive, JsonRpcValue job) {
    }

    static Map<String, Object> login(PoolEndpoint pool, String agent) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("login", pool.user());
        params.put("pass", pool.pass());
        params.put("agent", agent);
        params.put("algo", List.of(MoneroJob.ALGO_RX0));
        return params;
    }

    /** Reads a login answer; fails with {@link JsonRpcException} when it has no string {@code id}. */
    static LoginAnswer loginAnswer(JsonRpcValue result) {
        String id = result.get("id").asString();
        boolean keepalive = result.has("extensions") && result.get("extensions").isArray()
                && result.get("extensions").elements().stream()
                        .anyMatch(v -> v.isString() && "keepalive".equals(v.asString()));
        return new LoginAnswer(id, keepalive, result.has("job") ? result.get("job") : null);
    }

    /** Monero Stratum submit: login id, job id, nonce as 8 hex characters (LE bytes), result as 64. */
    static Map<String, Object> submit(String loginId, Share share) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("id", loginId);
        params.put("job_id", share.job().jobId());
        params.put("nonce", MoneroJob.nonceHex(share.nonce()));
        params.put("result", HEX.formatHex(share.hash()));
        params.put("algo", share.job().algo());
        return params;
    }

    /** The outcome of a submit from the pool's answer or the failure of the request. */
    static SubmitResult submitOutcome(JsonRpcValue result, Throwable failure) {
        if (failure == null) {
            String status = result.isObject() && result.has("status") && result.get("status").isString()
                    ? result.get("status").asString() : "OK";
            return "OK".equalsIgnoreCase(status) ? SubmitResult.accepted(status)
                    : SubmitResult.rejected(SubmitResult.reasonOf(status), status);
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof JsonRpcException e) {
            return SubmitResult.rejected(SubmitResult.reasonOf(e.error().message()), e.error().message());
        }
        return SubmitResult.rejected(SubmitResult.UNREACHABLE, String.valueOf(cause.getMessage()));
    }
}
