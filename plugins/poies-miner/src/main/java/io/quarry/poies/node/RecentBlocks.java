package io.quarry.poies.node;

import io.quarry.api.http.HttpException;
import io.quarry.api.http.HttpHandler;
import io.quarry.api.http.HttpRequest;
import io.quarry.api.http.HttpResponse;
import io.quarry.poies.chain.Seal;
import io.quarry.poies.model.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /api/v1/poies-miner/recent-blocks?count=N} (open): the newest {@code N} blocks, newest first, each
 * with its height, hash, time, Θ, how its score S = H(u) + Σψ was made up, and the type and psi of every attached
 * proof. It exists for the dashboard panel: a browser holds no API token, and the JSON-RPC route may need one
 * ({@code rpc_access = "token"}), so the panel reads chain data here instead. Read-only, and bounded by
 * {@link #MAX_COUNT} so an open route cannot be asked to walk the whole chain.
 *
 * <pre>{@code
 * {"head": 12, "blocks": [{"height": 12, "hash": "0x..", "time": 1730000000, "thetaMicro": 16100000,
 *   "hMicro": 15600000, "psiMicro": 700000, "scoreMicro": 16300000,
 *   "proofs": [{"type": "vdf", "psiMicro": 200000}, ...]}, ...]}
 * }</pre>
 */
final class RecentBlocks implements HttpHandler {

    /** The route under {@code /api/v1/poies-miner/}. */
    static final String PATH = "recent-blocks";
    /** Blocks answered without {@code count}: what the panel shows. */
    static final int DEFAULT_COUNT = 10;
    /** Most blocks one request may ask for. */
    static final int MAX_COUNT = 100;

    private final ChainReader node;

    RecentBlocks(ChainReader node) {
        this.node = Objects.requireNonNull(node, "node");
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        int count = count(request.queryParam("count"));
        // One head read: blocks are only ever appended, so every height up to it stays readable.
        long head = node.head().height();
        List<Map<String, Object>> blocks = new ArrayList<>(count);
        for (long height = head; height >= 0 && height > head - count; height--) {
            node.blockByHeight(height).ifPresent(block -> node.seal(block.hash())
                    .ifPresent(seal -> blocks.add(view(block, seal))));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("head", head);
        out.put("blocks", blocks);
        return HttpResponse.ok(out);
    }

    private static int count(Optional<String> param) {
        if (param.isEmpty()) {
            return DEFAULT_COUNT;
        }
        String text = param.get().trim();
        try {
            int count = Integer.parseInt(text);
            if (count >= 1 && count <= MAX_COUNT) {
                return count;
            }
        } catch (NumberFormatException e) {
            // answered below, with the same message as a number out of range
        }
        throw HttpException.badRequest("count must be an integer from 1 to " + MAX_COUNT + ", was \""
                + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "\"");
    }

    private static Map<String, Object> view(Block block, Seal seal) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("height", block.height());
        out.put("hash", block.hash().toString());
        out.put("time", block.template().time());
        out.put("thetaMicro", block.template().thetaMicro());
        out.put("hMicro", seal.hMicro());
        out.put("psiMicro", seal.psiMicro());
        out.put("scoreMicro", seal.scoreMicro());
        // The seal keeps one credit per attached proof in block order; its type is the policy category.
        out.put("proofs", seal.credits().stream().map(credit -> Map.<String, Object>of("type", credit.type(),
                "psiMicro", credit.psiMicro())).toList());
        return out;
    }
}
