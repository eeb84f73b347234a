package io.quarry.api.jsonrpc;

import java.net.InetSocketAddress;
import java.util.Collection;

/** A running line server. Closing it hangs up on every client; it is also closed when its plugin stops. */
public interface JsonRpcServer extends AutoCloseable {

    /** The settings' name. */
    String name();

    /** The bound address (the real port when 0 was asked for); still answers after close. */
    InetSocketAddress address();

    /** A snapshot of the open sessions, for per-session pushes (a job with each miner's own nonce range). */
    Collection<JsonRpcSession> sessions();

    /**
     * Queues the same notification to every open session without blocking; the message is serialised once.
     * Sessions that are too slow to take it are closed (see {@link JsonRpcSession}).
     *
     * @return how many sessions it was queued to
     */
    int broadcast(String method, Object params);

    /** Stops accepting and closes every connection; harmless to call twice. */
    @Override
    void close();
}
