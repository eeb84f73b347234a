package io.quarry.api.jsonrpc;

/** One method of a {@link JsonRpcMethods} table. Same threading and error rules as {@link JsonRpcHandler}. */
@FunctionalInterface
public interface JsonRpcMethod {

    /** Answers the call; for notifications the return value is dropped. */
    Object call(JsonRpcSession session, JsonRpcRequest request);
}
