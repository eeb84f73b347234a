package io.quarry.poies.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.http.Http;
import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcHandler;
import io.quarry.api.jsonrpc.JsonRpcLimits;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import io.quarry.api.jsonrpc.JsonRpcRoute;
import io.quarry.api.jsonrpc.JsonRpcRouteSettings;
import io.quarry.api.jsonrpc.JsonRpcServers;
import io.quarry.api.jsonrpc.JsonRpcSession;
import io.quarry.poies.model.Block;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.model.SchemaException;
import io.quarry.poies.node.ChainHead;
import io.quarry.poies.node.PoiesNode;
import io.quarry.poies.node.RateLimits;
import io.quarry.poies.node.ShareSource;
import io.quarry.poies.node.SubmitResult;
import io.quarry.poies.target.ShareTarget;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The methods of {@code /api/v1/poies-miner/rpc}, served by the kernel's JSON-RPC over HTTP POST
 * ({@link #mount}). Names follow the {@code <namespace>_<verb>} convention
 * of WebSocket getwork ({@code miner_submitShare}), with the {@code chain_} namespace for reads:
 *
 * <table>
 *   <caption>methods</caption>
 *   <tr><th>method</th><th>params</th><th>result</th></tr>
 *   <tr><td>chain_getHead</td><td>none</td><td>{chainId, height, hash, time, thetaMicro}</td></tr>
 *   <tr><td>chain_getBlockByHeight</td><td>[height]</td><td>{@link BlockView} or null</td></tr>
 *   <tr><td>chain_getBlockByHash</td><td>["0x..32 bytes"]</td><td>{@link BlockView} or null</td></tr>
 *   <tr><td>miner_getWork</td><td>none</td><td>the current template, exactly docs/poies-canonical-header.md section
 * 1</td></tr>
 *   <tr><td>miner_getShareTarget</td><td>none</td><td>{dRatioPpm, hMicro, thetaMicro, blockHMicro, templateId}</td></tr>
 *   <tr><td>miner_submitShare</td><td>[HashShare envelope (2.2)]</td><td>{status, dRatioPpm[, blockHash]}</td></tr>
 *   <tr><td>miner_submitBlock</td><td>[block]</td><td>{status, dRatioPpm, blockHash}</td></tr>
 * </table>
 *
 * Refused shares and blocks are errors whose code is {@link SubmitResult#jsonRpcCode} and whose data is
 * {@code {"reason": "<code>"}}.
 */
public final class PoiesRpcMethods implements JsonRpcHandler {

    /** The route, relative to the plugin's prefix. */
    public static final String PATH = "rpc";
    /** Largest request body: room for a block with its proofs; a share is well under 1 KiB. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    /** Every method name, for documentation and tests. */
    static final Set<String> NAMES = Set.of("chain_getHead", "chain_getBlockByHeight", "chain_getBlockByHash",
            "miner_getWork", "miner_getShareTarget", "miner_submitShare", "miner_submitBlock");

    private final PoiesNode node;

    PoiesRpcMethods(PoiesNode node) {
        this.node = Objects.requireNonNull(node, "node");
    }

    /**
     * Serves the methods at {@code /api/v1/<plugin>/rpc} on the node's HTTP port: JSON-RPC 2.0, one request per
     * POST, bodies up to {@link #MAX_BODY_BYTES}, every request spending a token of the node's shared per-peer and
     * global buckets ({@link PoiesNode#limiter()}). The kernel answers malformed requests (-32700, -32600) and
     * counts them in {@code quarry.jsonrpc.errors{server="rpc"}}; refused shares count in
     * {@code animica_miner_shares_rejected_total{reason}}.
     */
    public static JsonRpcRoute mount(JsonRpcServers rpc, PoiesNode node, Http.Access access) {
        JsonRpcRouteSettings settings = JsonRpcRouteSettings.of(PATH, PATH).withAccess(access)
                .withLimits(JsonRpcLimits.DEFAULTS.withMaxLineBytes(MAX_BODY_BYTES))
                .withRateLimiter(node.limiter());
        PoiesRpcMethods methods = new PoiesRpcMethods(node);
        return rpc.serveHttp(settings, session -> methods);
    }

    @Override
    public Object onRequest(JsonRpcSession session, JsonRpcRequest request) {
        return call(request.method(), new RpcParams(PoiesJson.treeFromPlain(request.params().value())),
                RateLimits.peer(session));
    }

    @Override
    public void onNotification(JsonRpcSession session, JsonRpcRequest notification) {
        onRequest(session, notification);
    }

    /** Runs {@code method}; the result is a value the endpoint's JSON writer renders. */
    Object call(String method, RpcParams params, String peer) {
        return switch (method) {
            case "chain_getHead" -> {
                params.none();
                yield head(node.head());
            }
            case "chain_getBlockByHeight" -> block(node.blockByHeight(params.nonNegativeLong(0, "height")));
            case "chain_getBlockByHash" -> block(node.blockByHash(hash(params.string(0, "hash"))));
            case "miner_getWork" -> {
                params.none();
                yield PoiesJson.toPlain(node.currentWork().template());
            }
            case "miner_getShareTarget" -> {
                params.none();
                yield shareTarget(peer);
            }
            case "miner_submitShare" -> submitShare(params.object(0, "share"), peer);
            case "miner_submitBlock" -> submitBlock(params.object(0, "block"), peer);
            default -> throw new JsonRpcException(JsonRpcError.METHOD_NOT_FOUND, "Method not found: " + method
                    + " (this endpoint serves " + String.join(", ", NAMES.stream().sorted().toList()) + ")");
        };
    }

    private Map<String, Object> head(ChainHead head) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("chainId", node.currentWork().template().chainId());
        out.put("height", head.height());
        out.put("hash", head.hash().toString());
        out.put("time", head.time());
        out.put("thetaMicro", head.thetaMicro());
        return out;
    }

    private Object block(Optional<Block> block) {
        if (block.isEmpty()) {
            return null;
        }
        Block b = block.get();
        return node.seal(b.hash()).map(seal -> (Object) BlockView.of(b, seal)).orElse(null);
    }

    private Map<String, Object> shareTarget(String peer) {
        var work = node.currentWork();
        ShareTarget target = node.shareTarget(new ShareSource(ShareSource.RPC, peer));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("templateId", work.templateId());
        out.put("dRatioPpm", target.dRatioPpm());
        out.put("hMicro", target.hMicro());
        out.put("thetaMicro", target.thetaMicro());
        out.put("blockHMicro", work.blockHMicro());
        return out;
    }

    private Map<String, Object> submitShare(JsonNode envelope, String peer) {
        ProofEnvelope share;
        try {
            share = PoiesJson.envelopeFromTree(envelope);
        } catch (SchemaException e) {
            node.recordRejected(SubmitResult.SCHEMA);
            throw refusal(SubmitResult.rejected(SubmitResult.SCHEMA, "params.share: " + e.getMessage()));
        }
        return answer(node.submitShare(share, new ShareSource(ShareSource.RPC, peer)));
    }

    private Map<String, Object> submitBlock(JsonNode json, String peer) {
        Block block;
        try {
            block = PoiesJson.blockFromTree(json);
        } catch (SchemaException e) {
            node.recordRejected(SubmitResult.SCHEMA);
            throw refusal(SubmitResult.rejected(SubmitResult.SCHEMA, "params.block: " + e.getMessage()));
        }
        return answer(node.submitBlock(block, new ShareSource(ShareSource.RPC, peer)));
    }

    private static Map<String, Object> answer(SubmitResult result) {
        if (!result.isAccepted()) {
            throw refusal(result);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", result.isSealed() ? "sealed" : "accepted");
        out.put("dRatioPpm", result.dRatioPpm());
        result.blockHash().ifPresent(hash -> out.put("blockHash", hash.toString()));
        return out;
    }

    private static JsonRpcException refusal(SubmitResult result) {
        return new JsonRpcException(new JsonRpcError(SubmitResult.jsonRpcCode(result.reason()), result.message(),
                Map.of("reason", result.reason())));
    }

    private static Bytes hash(String text) {
        try {
            return Bytes.parseHex(text, HeaderTemplate.HASH_LENGTH, "params.hash");
        } catch (SchemaException e) {
            throw JsonRpcException.invalidParams(e.getMessage());
        }
    }
}
