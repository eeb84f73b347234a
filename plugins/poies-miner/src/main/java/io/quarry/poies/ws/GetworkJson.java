package io.quarry.poies.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.node.ShareTarget;
import io.quarry.poies.node.SubmitResult;

/**
 * The JSON of WebSocket getwork beyond the template and envelope shapes: the share target notification,
 * the result of an admitted share and the data of a refused one. Both sides use it: the node's endpoint writes,
 * the remote miner reads. Every reader checks types and ranges and fails with {@link RpcProtocolException}
 * ({@code -32602}) naming the member.
 */
public final class GetworkJson {

    /** The notification carrying a template. */
    public static final String NEW_WORK = "miner.newWork";
    /** The notification carrying the share micro-target for this connection. */
    public static final String SHARE_TARGET = "miner.shareTarget";
    /** Subscribe. */
    public static final String SUBSCRIBE = "miner_subscribe";
    /** Submit a share. */
    public static final String SUBMIT_SHARE = "miner_submitShare";
    /** The dotted spelling some miners send, accepted as the same method. */
    public static final String SUBMIT_SHARE_DOTTED = "miner.submitShare";
    /** The one subscription topic. */
    public static final String TOPIC_NEW_WORK = "newWork";

    private GetworkJson() {
    }

    /** {@code miner.newWork} params: exactly {@code [template]}, the template in its documented shape. */
    public static ArrayNode newWorkParams(HeaderTemplate template) {
        ArrayNode params = RpcCodec.NODES.arrayNode(1);
        params.add(PoiesJson.toTree(template));
        return params;
    }

    /**
     * The share target as an object: {@code dRatioPpm} (the least d_ratio_ppm admitted, the exact test),
     * {@code hMicro} (the same threshold as H(u) in micro-nats for {@code thetaMicro}), {@code thetaMicro}, and
     * {@code difficulty}, {@code e^(hMicro/10^6)}: the expected nonces per share, for hashrate estimates only.
     */
    public static ObjectNode shareTarget(ShareTarget target) {
        ObjectNode out = RpcCodec.NODES.objectNode();
        out.put("dRatioPpm", target.dRatioPpm());
        out.put("hMicro", target.hMicro());
        out.put("thetaMicro", target.thetaMicro());
        out.put("difficulty", difficulty(target.hMicro()));
        return out;
    }

    /** Expected nonces per share for a threshold of {@code hMicro} micro-nats: {@code e^(hMicro / 10^6)}. */
    public static double difficulty(long hMicro) {
        return Math.exp(hMicro / 1e6);
    }

    /** Reads {@link #shareTarget(ShareTarget)}'s object. */
    public static ShareTarget readShareTarget(JsonNode node, String path) {
        if (!node.isObject()) {
            throw invalidParams(path + ": expected an object, found " + RpcCodec.kind(node));
        }
        long ppm = positiveLong(node.path("dRatioPpm"), path + ".dRatioPpm");
        long hMicro = positiveLong(node.path("hMicro"), path + ".hMicro");
        long theta = positiveLong(node.path("thetaMicro"), path + ".thetaMicro");
        if (ppm < 1 || theta < 1) {
            throw invalidParams(path + ": dRatioPpm and thetaMicro must be >= 1");
        }
        return new ShareTarget(ppm, hMicro, theta);
    }

    /**
     * The result of an admitted share: {@code {"status":"accepted"|"sealed","dRatioPpm":n}} plus
     * {@code "blockHash"} when it sealed a block.
     */
    public static ObjectNode submitResult(SubmitResult result) {
        ObjectNode out = RpcCodec.NODES.objectNode();
        out.put("status", result.isSealed() ? "sealed" : "accepted");
        out.put("dRatioPpm", result.dRatioPpm());
        result.blockHash().ifPresent(hash -> out.put("blockHash", hash.toString()));
        return out;
    }

    /** The {@code data} of a refused share's error: {@code {"reason": code}}. */
    public static ObjectNode rejectionData(String reason) {
        ObjectNode out = RpcCodec.NODES.objectNode();
        out.put("reason", reason);
        return out;
    }

    /** Reads a submit answer back into a {@link SubmitResult}: a result object or an error object. */
    public static SubmitResult readSubmitAnswer(RpcMessage answer) {
        if (answer.isError()) {
            JsonNode error = answer.error();
            String reason = error.path("data").path("reason").isTextual()
                    ? error.path("data").path("reason").textValue() : "code_" + error.path("code").asInt();
            return SubmitResult.rejected(reason, error.path("message").asText());
        }
        JsonNode result = answer.result();
        String status = result.path("status").asText("");
        long ppm = result.path("dRatioPpm").isIntegralNumber() ? result.path("dRatioPpm").longValue() : 0;
        return switch (status) {
            case "accepted" -> SubmitResult.accepted(ppm);
            case "sealed" -> {
                JsonNode hash = result.path("blockHash");
                if (!hash.isTextual()) {
                    throw invalidParams("result.blockHash: expected a string, found " + RpcCodec.kind(hash));
                }
                yield SubmitResult.sealed(ppm, parseHash(hash.textValue()));
            }
            default -> throw invalidParams("result.status: expected \"accepted\" or \"sealed\"");
        };
    }

    private static Bytes parseHash(String text) {
        try {
            return Bytes.parseHex(text, HeaderTemplate.HASH_LENGTH, "result.blockHash");
        } catch (RuntimeException e) {
            throw invalidParams(e.getMessage());
        }
    }

    private static long positiveLong(JsonNode value, String path) {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw invalidParams(path + ": expected an integer >= 0, found " + RpcCodec.kind(value));
        }
        return value.longValue();
    }

    private static RpcProtocolException invalidParams(String message) {
        return new RpcProtocolException(io.quarry.api.jsonrpc.JsonRpcError.INVALID_PARAMS, "invalid_params", message,
                null);
    }
}
