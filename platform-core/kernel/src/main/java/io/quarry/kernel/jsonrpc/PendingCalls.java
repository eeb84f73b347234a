package io.quarry.kernel.jsonrpc;

import io.quarry.kernel.exec.SerialExecutor;
import io.netty.channel.EventLoopGroup;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcTransportException;
import io.quarry.api.jsonrpc.JsonRpcTransportException.Kind;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's requests awaiting answers, with their timeouts. Every completion runs off the event loop: in
 * wire order on the client's dispatch executor, or, for requests made from inside a listener call, on a fresh
 * virtual thread ({@link PendingCall#outOfBand}).
 */
final class PendingCalls {

    private static final Logger LOG = LoggerFactory.getLogger(PendingCalls.class);

    private final String client;
    private final JsonRpcMetrics metrics;
    private final EventLoopGroup timers;
    private final Executor executor;
    private final SerialExecutor dispatch;
    private final ConcurrentHashMap<String, PendingCall> calls = new ConcurrentHashMap<>();

    PendingCalls(String client, JsonRpcMetrics metrics, EventLoopGroup timers, Executor executor,
                 SerialExecutor dispatch) {
        this.client = client;
        this.metrics = metrics;
        this.timers = timers;
        this.executor = executor;
        this.dispatch = dispatch;
    }

    int size() {
        return calls.size();
    }

    /** Registers a request about to be sent; it fails with TIMEOUT unless answered within {@code timeout}. */
    PendingCall register(long id, String method, Duration timeout) {
        PendingCall call = new PendingCall(PendingCall.keyOf(id), method, dispatch.inTask());
        calls.put(call.key, call);
        call.timeout = timers.next().schedule(() -> fail(call, new JsonRpcTransportException(Kind.TIMEOUT,
                "JSON-RPC client " + client + ": no answer to " + method + " within " + timeout.toMillis() + " ms")),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        return call;
    }

    /** Forgets a request that could not be sent; false when something else completed it already. */
    boolean withdraw(PendingCall call) {
        if (calls.remove(call.key, call)) {
            call.cancelTimeout();
            return true;
        }
        return false;
    }

    /** Completes the request a reply answers. On the event loop. */
    void answer(Incoming.Reply reply) {
        PendingCall call = reply.id() == null ? null : calls.remove(PendingCall.keyOf(reply.id()));
        if (call == null) {
            if (reply.id() == null && reply.error() != null) {
                // The server could not read one of our requests (its id included): that is our bug or a dialect
                // mismatch, and the request will only time out, so say so.
                LOG.warn("JSON-RPC client {}: the server answered an error to a request it could not identify: {}"
                        + " (code {})", client, reply.error().message(), reply.error().code());
            } else {
                // A late answer after a timeout.
                LOG.debug("JSON-RPC client {}: answer to no pending request (id {})", client, reply.id());
            }
            return;
        }
        call.cancelTimeout();
        if (reply.error() != null) {
            metrics.request(call.method, Outcomes.ofError(reply.error()), call.startNanos);
            deliver(call, () -> call.future.completeExceptionally(new JsonRpcException(reply.error())));
        } else {
            metrics.request(call.method, Outcomes.OK, call.startNanos);
            deliver(call, () -> call.future.complete(reply.result()));
        }
    }

    /** Fails every pending request (the connection dropped, or the client closed). */
    void failAll(Kind kind, String message) {
        for (PendingCall call : calls.values()) {
            fail(call, new JsonRpcTransportException(kind, message + " (request " + call.method + ")"));
        }
    }

    private void fail(PendingCall call, JsonRpcTransportException failure) {
        if (calls.remove(call.key, call)) {
            call.cancelTimeout();
            metrics.request(call.method, Outcomes.FAILED, call.startNanos);
            deliver(call, () -> call.future.completeExceptionally(failure));
        }
    }

    private void deliver(PendingCall call, Runnable completion) {
        try {
            (call.outOfBand ? executor : dispatch).execute(completion);
        } catch (RejectedExecutionException e) {
            // The node is shutting down; complete here rather than leave a caller waiting for ever.
            completion.run();
        }
    }
}
