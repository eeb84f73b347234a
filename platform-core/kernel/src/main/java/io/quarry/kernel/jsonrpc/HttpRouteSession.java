package io.quarry.kernel.jsonrpc;

import io.quarry.api.jsonrpc.JsonRpcSession;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The session of one HTTP POST: it lasts for one request and cannot be pushed to. */
final class HttpRouteSession implements JsonRpcSession {

    private final String id;
    private final InetSocketAddress remote;
    private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();
    private volatile boolean open = true;

    HttpRouteSession(String id, InetSocketAddress remote) {
        this.id = id;
        this.remote = remote;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public ConcurrentMap<String, Object> attributes() {
        return attributes;
    }

    /** HTTP has no way to push: the answer is the only message. */
    @Override
    public boolean notify(String method, Object params) {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Ends with the answer; closing earlier changes nothing on the wire. */
    @Override
    public void close() {
        open = false;
    }

    @Override
    public String toString() {
        return id + " " + remote;
    }
}
