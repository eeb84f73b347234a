package io.quarry.api.jsonrpc;

import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * A handler that dispatches by method name, for servers whose per-connection state lives in
 * {@link JsonRpcSession#attributes()}. Unknown methods are answered with -32601; notifications of unknown
 * methods are ignored. One instance may serve every connection: pass {@code session -> methods} as the factory.
 *
 * <pre>{@code
 * JsonRpcMethods methods = new JsonRpcMethods(Map.of(
 *         "login", (session, request) -> login(session, request.params()),
 *         "submit", (session, request) -> submit(session, request.params())));
 * }</pre>
 *
 * @param methods method name to method; copied
 * @param onClose told when a connection closes (for per-miner bookkeeping); may be null
 */
public record JsonRpcMethods(Map<String, JsonRpcMethod> methods, BiConsumer<JsonRpcSession, String> onClose)
        implements JsonRpcHandler {

    public JsonRpcMethods {
        Objects.requireNonNull(methods, "methods");
        methods = Map.copyOf(methods);
    }

    /** A table without a close callback. */
    public JsonRpcMethods(Map<String, JsonRpcMethod> methods) {
        this(methods, null);
    }

    @Override
    public Object onRequest(JsonRpcSession session, JsonRpcRequest request) {
        JsonRpcMethod method = methods.get(request.method());
        if (method == null) {
            throw new JsonRpcException(JsonRpcError.methodNotFound(request.method()));
        }
        return method.call(session, request);
    }

    @Override
    public void onNotification(JsonRpcSession session, JsonRpcRequest notification) {
        JsonRpcMethod method = methods.get(notification.method());
        if (method != null) {
            method.call(session, notification);
        }
    }

    @Override
    public void onClose(JsonRpcSession session, String reason) {
        if (onClose != null) {
            onClose.accept(session, reason);
        }
    }
}
