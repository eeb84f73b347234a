package io.quarry.randomx.daemon;

import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.randomx.job.SubmitResult;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * monerod's JSON-RPC over HTTP ({@code POST <daemon_rpc>/json_rpc}, see the Monero daemon RPC reference): block
 * templates, block submission and the chain tip. Blocking; call it from a virtual thread. Answers larger than
 * {@link #MAX_RESPONSE_BYTES} or not strictly JSON are refused.
 */
public final class DaemonRpcClient {

    /** A template with a full block of transaction hashes is well under this. */
    public static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final HexFormat HEX = HexFormat.of();

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param daemonRpc the daemon's base URL ({@code http://127.0.0.1:18081}), as in {@code daemon_rpc}
     */
    public DaemonRpcClient(String daemonRpc, Duration timeout) {
        Objects.requireNonNull(daemonRpc, "daemonRpc");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        URI base;
        try {
            base = URI.create(daemonRpc.endsWith("/") ? daemonRpc : daemonRpc + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("daemon_rpc is not a URL: " + daemonRpc, e);
        }
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("daemon_rpc must be an http:// or https:// URL with a host,"
                    + " such as http://127.0.0.1:18081; was " + daemonRpc);
        }
        this.endpoint = base.resolve("json_rpc");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** {@code get_block_template}: a template paying {@code walletAddress}, with {@code reserveSize} free bytes. */
    public BlockTemplate getBlockTemplate(String walletAddress, int reserveSize) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("wallet_address", walletAddress);
        params.put("reserve_size", reserveSize);
        JsonRpcValue result = call("get_block_template", params);
        try {
            requireOk(result, "get_block_template");
            BigInteger difficulty = result.has("wide_difficulty")
                    ? parseWide(result.get("wide_difficulty").asString())
                    : result.get("difficulty").asBigInteger();
            return new BlockTemplate(hex(result.get("blocktemplate_blob")), result.get("reserved_offset").asInt(),
                    reserveSize, difficulty, result.get("height").asLong(), hex(result.get("seed_hash")),
                    result.get("prev_hash").asString());
        } catch (JsonRpcException | IllegalArgumentException e) {
            throw new DaemonRpcException(DaemonRpcException.NO_CODE, "monerod sent an unusable block template: "
                    + e.getMessage(), e);
        }
    }

    /** {@code get_info}: the chain height and top block id. */
    public ChainTip getInfo() {
        JsonRpcValue result = call("get_info", null);
        try {
            requireOk(result, "get_info");
            return new ChainTip(result.get("height").asLong(), result.get("top_block_hash").asString());
        } catch (JsonRpcException e) {
            throw new DaemonRpcException(DaemonRpcException.NO_CODE, "monerod sent an unusable get_info answer: "
                    + e.getMessage(), e);
        }
    }

    /** {@code submit_block}; monerod's refusal ({@code -7 Block not accepted}) becomes a rejected result. */
    public SubmitResult submitBlock(byte[] blockBlob) {
        try {
            JsonRpcValue result = call("submit_block", List.of(HEX.formatHex(blockBlob)));
            String status = result.has("status") ? result.get("status").asString() : "";
            return "OK".equals(status) ? SubmitResult.accepted("block accepted")
                    : SubmitResult.rejected(SubmitResult.OTHER, "monerod answered status " + status);
        } catch (DaemonRpcException e) {
            if (e.code() == DaemonRpcException.NO_CODE) {
                return SubmitResult.rejected(SubmitResult.UNREACHABLE, e.getMessage());
            }
            return SubmitResult.rejected(SubmitResult.OTHER, e.getMessage());
        } catch (JsonRpcException e) {
            return SubmitResult.rejected(SubmitResult.OTHER, e.getMessage());
        }
    }

    /** {@code get_block_header_by_height}, with {@code pow_hash} filled when asked: the {@code block_header}. */
    public JsonRpcValue getBlockHeaderByHeight(long height, boolean fillPowHash) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("height", height);
        params.put("fill_pow_hash", fillPowHash);
        return call("get_block_header_by_height", params).get("block_header");
    }

    /** One JSON-RPC call; the {@code result} view, or a {@link DaemonRpcException}. */
    public JsonRpcValue call(String method, Object params) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", "2.0");
        body.put("id", Long.toString(ids.incrementAndGet()));
        body.put("method", method);
        if (params != null) {
            body.put("params", params);
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(DaemonJson.write(body), StandardCharsets.UTF_8)).build();
        Object answer;
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
                if (response.statusCode() != 200) {
                    throw new DaemonRpcException(DaemonRpcException.NO_CODE, "monerod at " + endpoint
                            + " answered HTTP " + response.statusCode() + " to " + method
                            + (response.statusCode() == 401 ? " (it wants --rpc-login credentials, which Quarry"
                            + " does not send; serve Quarry an RPC port without login)" : ""));
                }
                if (bytes.length > MAX_RESPONSE_BYTES) {
                    throw new DaemonRpcException(DaemonRpcException.NO_CODE, "monerod's answer to " + method
                            + " is larger than " + MAX_RESPONSE_BYTES + " bytes");
                }
                answer = DaemonJson.parse(bytes);
            }
        } catch (IOException e) {
            throw new DaemonRpcException(DaemonRpcException.NO_CODE, "cannot reach monerod at " + endpoint + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); is it running, and does daemon_rpc point at its RPC port?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaemonRpcException(DaemonRpcException.NO_CODE, "interrupted while calling " + method, e);
        } catch (JsonFormatException e) {
            throw new DaemonRpcException(DaemonRpcException.NO_CODE, "monerod's answer to " + method
                    + " is not JSON: " + e.getMessage(), e);
        }
        return result(new JsonRpcValue("response", answer), method);
    }

    private static JsonRpcValue result(JsonRpcValue response, String method) {
        if (!response.isObject()) {
            throw new DaemonRpcException(DaemonRpcException.NO_CODE, "monerod's answer to " + method
                    + " is not a JSON-RPC response object");
        }
        if (response.has("error")) {
            JsonRpcValue error = response.get("error");
            int code = error.has("code") && error.get("code").isNumber() ? (int) error.get("code").asLong() : -1;
            String message = error.has("message") && error.get("message").isString()
                    ? error.get("message").asString() : "no message";
            throw new DaemonRpcException(code == DaemonRpcException.NO_CODE ? -1 : code,
                    "monerod refused " + method + ": " + message + " (code " + code + ")");
        }
        return response.get("result");
    }

    private static void requireOk(JsonRpcValue result, String method) {
        String status = result.get("status").asString();
        if (!"OK".equals(status)) {
            throw new DaemonRpcException(DaemonRpcException.NO_CODE, "monerod answered " + method + " with status "
                    + status + (status.contains("BUSY") ? " (still syncing; mining starts when it is done)" : ""));
        }
    }

    private static BigInteger parseWide(String wide) {
        String digits = wide.startsWith("0x") || wide.startsWith("0X") ? wide.substring(2) : wide;
        if (digits.isEmpty() || digits.length() > 64) {
            throw new IllegalArgumentException("wide_difficulty is not a 256-bit hex number: " + wide);
        }
        return new BigInteger(digits, 16);
    }

    private static byte[] hex(JsonRpcValue value) {
        String s = value.asString();
        if (s.length() % 2 != 0) {
            throw new IllegalArgumentException(value.path() + " has an odd number of hex characters");
        }
        return HEX.parseHex(s);
    }

    @Override
    public String toString() {
        return "monerod " + endpoint;
    }
}
