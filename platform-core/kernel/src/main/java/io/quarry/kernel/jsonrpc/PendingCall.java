package io.quarry.kernel.jsonrpc;

import io.quarry.api.jsonrpc.JsonRpcValue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** A client request waiting for its answer. */
final class PendingCall {

    final String key;
    final String method;
    final long startNanos;
    /**
     * Made from inside a listener call: its answer must not queue behind that call (the listener may be
     * waiting for it), so it completes on its own virtual thread.
     */
    final boolean outOfBand;
    final CompletableFuture<JsonRpcValue> future = new CompletableFuture<>();
    volatile ScheduledFuture<?> timeout;

    PendingCall(String key, String method, boolean outOfBand) {
        this.key = key;
        this.method = method;
        this.outOfBand = outOfBand;
        this.startNanos = System.nanoTime();
    }

    void cancelTimeout() {
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** The map key of a request id as a server may echo it: 7, "7" and 7.0 are the same request. */
    static String keyOf(Object id) {
        if (id instanceof Number number) {
            double d = number.doubleValue();
            if (number instanceof Double && d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return number.toString();
        }
        return id == null ? "" : id.toString().trim();
    }
}
