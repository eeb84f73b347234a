package io.quarry.poies.node.rpc;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarry.api.http.HttpHandler;
import io.quarry.api.http.HttpRequest;
import io.quarry.api.http.HttpResponse;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.model.StrictJson;
import io.quarry.poies.node.PoiesNode;
import io.quarry.poies.node.RequestLimiter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 2.0 over HTTP POST at {@code /api/v1/poies-miner/rpc}: one request object per POST (batches are
 * refused with -32600: a remote miner sends one share at a time, and one request per POST keeps the per-peer
 * token bucket exact). Methods are in {@link PoiesRpcMethods}.
 *
 * <p>What it refuses, and how:
 * <ul>
 *   <li>over the peer's or the node's request rate: HTTP 429, error -32005</li>
 *   <li>a body over {@link #MAX_BODY_BYTES}: HTTP 413, error -32600</li>
 *   <li>not JSON, JSON nested deeper than {@link #MAX_DEPTH} or with duplicate keys, or a number out of range
 *       ({@code 1e9999999990000}, over {@value StrictJson#MAX_NUMBER_LENGTH} characters): HTTP 400, -32700</li>
 *   <li>not a request object ({@code jsonrpc} not "2.0", no method, an id that is not a string, a 64-bit
 *       integer or null, params that are not an array or object, unknown members, a batch): HTTP 400, -32600</li>
 *   <li>unknown method: -32601; bad params: -32602; refused shares: the reason's code (HTTP 200 for all
 *       answers about a well-formed request)</li>
 * </ul>
 * A request without {@code id} is a notification: it runs and gets HTTP 204 with no body.
 */
public final class RpcEndpoint implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RpcEndpoint.class);

    /** Largest request body: room for a block with its proofs; a share is well under 1 KiB. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** Deepest nesting in a request: the block JSON's own depth plus the request's three levels. */
    public static final int MAX_DEPTH = PoiesJson.MAX_DEPTH + 4;
    /** Longest method name accepted (an unknown longer one is still refused, but not echoed at length). */
    static final int MAX_METHOD_LENGTH = 64;
    /** Longest string id accepted (it is echoed in the answer). */
    static final int MAX_ID_LENGTH = 128;

    private static final Set<String> MEMBERS = Set.of("jsonrpc", "id", "method", "params");

    private static final StrictJson JSON = StrictJson.of(StrictJson.limits()
            .maxDocumentLength(MAX_BODY_BYTES)
            .maxNestingDepth(MAX_DEPTH)
            .build(), JsonNodeFactory.withExactBigDecimals(true));

    private final PoiesRpcMethods methods;
    private final RequestLimiter limiter;
    private final MeterRegistry registry;
    private final String prefix;

    /**
     * @param node the node whose chain, work and admission the methods use
     * @param registry where the error counter goes
     * @param prefix meter name prefix ({@code PluginMetrics.name("rpc")}): {@code <prefix>.errors{reason}} counts
     *     requests refused before a method ran ({@code parse_error}, {@code invalid_request}, {@code too_large},
     *     {@code rate_limited}), unknown methods ({@code method_not_found}), bad params ({@code invalid_params})
     *     and our own failures ({@code internal_error}); refused shares count in
     *     {@code animica_miner_shares_rejected_total{reason}} instead
     */
    public RpcEndpoint(PoiesNode node, MeterRegistry registry, String prefix) {
        this.methods = new PoiesRpcMethods(Objects.requireNonNull(node, "node"));
        this.limiter = node.limiter();
        this.registry = Objects.requireNonNull(registry, "registry");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        String peer = request.remote().getAddress() == null ? request.remote().getHostString()
                : request.remote().getAddress().getHostAddress();
        RequestLimiter.Verdict verdict = limiter.tryAcquire(peer);
        if (!verdict.allowed()) {
            count("rate_limited");
            return error(429, null, new RpcException(RpcException.RATE_LIMITED, verdict == RequestLimiter.Verdict
                    .PEER_LIMITED ? "limit exceeded: too many requests from " + peer
                    : "limit exceeded: the node is over its request rate", Map.of("reason", "rate_limited")));
        }
        if (request.body().length > MAX_BODY_BYTES) {
            count("too_large");
            return error(413, null, new RpcException(RpcException.INVALID_REQUEST, "request is "
                    + request.body().length + " bytes, at most " + MAX_BODY_BYTES + " are accepted"));
        }
        JsonNode tree;
        try {
            tree = JSON.read(request.body());
        } catch (JacksonException e) {
            count("parse_error");
            return error(400, null, new RpcException(RpcException.PARSE_ERROR, "Parse error: "
                    + e.getOriginalMessage()));
        }
        Call call;
        try {
            call = Call.of(tree);
        } catch (RpcException e) {
            count(reason(e.code()));
            return error(400, idOf(tree), e);
        }
        try {
            Object result = methods.call(call.method, new RpcParams(call.params), peer);
            if (call.notification) {
                return HttpResponse.noContent();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("jsonrpc", "2.0");
            out.put("id", call.id);
            out.put("result", result);
            return json(200, out);
        } catch (RpcException e) {
            if (e.data() == null) { // refused shares and blocks carry their reason, and the node counted them
                count(reason(e.code()));
            }
            return call.notification ? HttpResponse.noContent() : error(200, call.id, e);
        } catch (RuntimeException e) {
            count("internal_error");
            String errorId = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("poies rpc {} failed (error id {})", call.method, errorId, e);
            return call.notification ? HttpResponse.noContent() : error(200, call.id,
                    new RpcException(RpcException.INTERNAL_ERROR, "Internal error (error id " + errorId + ")"));
        }
    }

    /** The id of a request that failed validation, when it has a usable one (else null, as JSON-RPC says). */
    private static JsonNode idOf(JsonNode tree) {
        if (tree != null && tree.isObject()) {
            JsonNode id = tree.get("id");
            if (id != null && isUsableId(id)) {
                return id;
            }
        }
        return null;
    }

    /**
     * A string of at most {@link #MAX_ID_LENGTH} characters or an integer that fits a long. JSON-RPC 2.0 allows
     * any number but says it should have no fractional part; echoing {@code 1e999999999} would mean writing a
     * billion digits.
     */
    private static boolean isUsableId(JsonNode id) {
        return id.isTextual() && id.textValue().length() <= MAX_ID_LENGTH
                || id.isIntegralNumber() && id.canConvertToLong();
    }

    private static String reason(int code) {
        return switch (code) {
            case RpcException.PARSE_ERROR -> "parse_error";
            case RpcException.INVALID_REQUEST -> "invalid_request";
            case RpcException.METHOD_NOT_FOUND -> "method_not_found";
            case RpcException.INVALID_PARAMS -> "invalid_params";
            default -> "internal_error";
        };
    }

    private void count(String reason) {
        Counter.builder(prefix + ".errors").description("JSON-RPC requests refused or failed, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    private static HttpResponse error(int status, JsonNode id, RpcException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        if (e.data() != null) {
            error.put("data", e.data());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jsonrpc", "2.0");
        out.put("id", id);
        out.put("error", error);
        return json(status, out);
    }

    private static HttpResponse json(int status, Object value) {
        try {
            return HttpResponse.bytes(status, "application/json", JSON.mapper().writeValueAsBytes(value));
        } catch (JacksonException e) {
            throw new IllegalStateException("an RPC answer did not serialise", e);
        }
    }

    /** A validated request object. */
    private record Call(JsonNode id, boolean notification, String method, JsonNode params) {

        static Call of(JsonNode tree) {
            if (tree == null || tree.isMissingNode()) {
                throw new RpcException(RpcException.INVALID_REQUEST, "Invalid request: empty body");
            }
            if (tree.isArray()) {
                throw new RpcException(RpcException.INVALID_REQUEST, "Invalid request: batch requests are not "
                        + "supported; send one request object per POST");
            }
            if (!tree.isObject()) {
                throw new RpcException(RpcException.INVALID_REQUEST, "Invalid request: expected a JSON object, found "
                        + RpcParams.describe(tree));
            }
            for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!MEMBERS.contains(name)) {
                    throw new RpcException(RpcException.INVALID_REQUEST, "Invalid request: unknown member \""
                            + (name.length() > MAX_METHOD_LENGTH ? name.substring(0, MAX_METHOD_LENGTH) + "..." : name)
                            + "\" (a request has jsonrpc, id, method, params)");
                }
            }
            JsonNode version = tree.get("jsonrpc");
            if (version == null || !version.isTextual() || !version.textValue().equals("2.0")) {
                throw new RpcException(RpcException.INVALID_REQUEST, "Invalid request: \"jsonrpc\" must be \"2.0\"");
            }
            JsonNode method = tree.get("method");
            if (method == null || !method.isTextual() || method.textValue().isEmpty()) {
                throw new RpcException(RpcException.INVALID_REQUEST, "Invalid request: \"method\" must be a "
                        + "non-empty string");
            }
            if (method.textValue().length() > MAX_METHOD_LENGTH) {
                throw new RpcException(RpcException.METHOD_NOT_FOUND, "Method not found: names are at most "
                        + MAX_METHOD_LENGTH + " characters");
            }
            JsonNode id = tree.get("id");
            if (id != null && !id.isNull() && !isUsableId(id)) {
                throw new RpcException(RpcException.INVALID_REQUEST, "Invalid request: \"id\" must be a string of at"
                        + " most " + MAX_ID_LENGTH + " characters, an integer that fits 64 bits, or null");
            }
            JsonNode params = tree.get("params");
            if (params != null && !params.isArray() && !params.isObject()) {
                throw new RpcException(RpcException.INVALID_REQUEST, "Invalid request: \"params\" must be an "
                        + "array or an object");
            }
            return new Call(id, id == null, method.textValue(), params);
        }
    }
}
