package io.quarry.poies.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.node.SubmitResult;
import io.quarry.poies.target.ShareTarget;

/**
 * The JSON of WebSocket getwork beyond the template and envelope shapes: the share target notification,
 * the result of an admitted share and the data of a refused one. Both sides use it: the node's endpoint writes,
 * the remote miner reads. Every reader checks types and ranges and fails with {@link JsonRpcException}
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

    /** Node factory for what this class builds. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GetworkJson() {
    }

    /** {@code miner.newWork} params: exactly {@code [template]}, the template in its documented shape. */
    public static ArrayNode newWorkParams(HeaderTemplate template) {
        ArrayNode params = NODES.arrayNode(1);
        params.add(PoiesJson.toTree(template));
        return params;
    }

    /**
     * The share target as an object: {@code dRatioPpm} (the least d_ratio_ppm admitted, the exact test),
     * {@code hMicro} (the same threshold as H(u) in micro-nats for {@code thetaMicro}), {@code thetaMicro}, and
     * {@code difficulty}, {@code e^(hMicro/10^6)}: the expected nonces per share, for hashrate estimates only.
     */
    public static ObjectNode shareTarget(ShareTarget target) {
        ObjectNode out = NODES.objectNode();
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
            throw invalidParams(path + ": expected an object, found " + kind(node));
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
        ObjectNode out = NODES.objectNode();
        out.put("status", result.isSealed() ? "sealed" : "accepted");
        out.put("dRatioPpm", result.dRatioPpm());
        result.blockHash().ifPresent(hash -> out.put("blockHash", hash.toString()));
        return out;
    }

    /** The {@code data} of a refused share's error: {@code {"reason": code}}. */
    public static ObjectNode rejectionData(String reason) {
        ObjectNode out = NODES.objectNode();
        out.put("reason", reason);
        return out;
    }

    /** A refused submit's error as a {@link SubmitResult}: the reason from {@code data.reason}, else the code. */
    public static SubmitResult readRejection(JsonRpcError error) {
        String reason = error.data() instanceof java.util.Map<?, ?> data && data.get("reason") instanceof String r
                ? r : "code_" + error.code();
        return SubmitResult.rejected(reason, error.message());
    }

    /**
     * An admitted submit's result back into a {@link SubmitResult}.
     *
     * @throws JsonRpcException (-32602) when it is not {@link #submitResult}'s shape
     */
    public static SubmitResult readSubmitResult(JsonRpcValue answer) {
        JsonNode result = PoiesJson.treeFromPlain(answer.value());
        String status = result.path("status").asText("");
        long ppm = result.path("dRatioPpm").isIntegralNumber() ? result.path("dRatioPpm").longValue() : 0;
        return switch (status) {
            case "accepted" -> SubmitResult.accepted(ppm);
            case "sealed" -> {
                JsonNode hash = result.path("blockHash");
                if (!hash.isTextual()) {
                    throw invalidParams("result.blockHash: expected a string, found " + kind(hash));
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
            throw invalidParams(path + ": expected an integer >= 0, found " + kind(value));
        }
        return value.longValue();
    }

    /** What a value is, for messages: only its type, never its content. */
    public static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "an unsupported value";
        };
    }

    private static JsonRpcException invalidParams(String message) {
        return JsonRpcException.invalidParams(message);
    }
}
