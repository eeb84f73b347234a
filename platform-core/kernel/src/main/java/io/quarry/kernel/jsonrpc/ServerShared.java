package io.quarry.kernel.jsonrpc;

import io.quarry.api.jsonrpc.JsonRpcHandler;
import io.quarry.api.jsonrpc.JsonRpcLimits;
import io.quarry.api.limit.TokenBucket;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every connection of one line server shares.
 *
 * @param name the server's name
 * @param limits the server's limits
 * @param codec writes the server's dialect
 * @param metrics the server's meters
 * @param globalBucket the server-wide request bucket, or null when disabled
 * @param handlers makes each connection's handler
 * @param executor runs handlers (virtual threads)
 * @param sessions the open sessions
 * @param ids numbers session ids
 * @param closed set once the server starts closing; connections accepted after that are dropped
 * @param clock what the token buckets refill by
 */
record ServerShared(
        String name,
        JsonRpcLimits limits,
        JsonRpcCodec codec,
        JsonRpcMetrics metrics,
        TokenBucket globalBucket,
        JsonRpcHandler.Factory handlers,
        Executor executor,
        Set<ServerConnection> sessions,
        AtomicLong ids,
        AtomicBoolean closed,
        InstantSource clock) {
}
