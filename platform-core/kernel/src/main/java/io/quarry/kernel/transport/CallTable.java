package io.quarry.kernel.transport;

import io.quarry.api.transport.TransportException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls open on one connection, ours and the peer's. Call ids are odd when the dialer allocated them and
 * even when the acceptor did, so a stream or credit frame's id alone says whose call it belongs to.
 */
final class CallTable {

    private final boolean accepted;
    private final AtomicInteger nextId;
    private final Map<Integer, OutboundCall> outbound = new ConcurrentHashMap<>();
    private final Map<Integer, InboundCall> inbound = new ConcurrentHashMap<>();

    /** @param accepted whether our side accepted the connection (and so allocates even ids) */
    CallTable(boolean accepted) {
        this.accepted = accepted;
        this.nextId = new AtomicInteger(accepted ? 2 : 1);
    }

    int nextId() {
        return nextId.getAndAdd(2);
    }

    /** Whether {@code id} is one we allocated. */
    boolean mine(int id) {
        return ((id & 1) == 1) != accepted;
    }

    void add(OutboundCall call) {
        outbound.put(call.id, call);
    }

    void remove(OutboundCall call) {
        outbound.remove(call.id, call);
    }

    OutboundCall outbound(int id) {
        return outbound.get(id);
    }

    void add(InboundCall call) {
        inbound.put(call.id, call);
    }

    void remove(InboundCall call) {
        inbound.remove(call.id, call);
    }

    InboundCall inbound(int id) {
        return inbound.get(id);
    }

    boolean isEmpty() {
        return outbound.isEmpty() && inbound.isEmpty();
    }

    /** The stream being received under {@code id} (a download of ours or an upload to us), or null. */
    StreamReceiver body(int id) {
        if (mine(id)) {
            OutboundCall call = outbound.get(id);
            return call != null ? call.body : null;
        }
        InboundCall call = inbound.get(id);
        return call != null ? call.body : null;
    }

    /** The credit of the stream being sent under {@code id} (an upload of ours or a download from us), or null. */
    StreamCredit credit(int id) {
        if (mine(id)) {
            OutboundCall call = outbound.get(id);
            return call != null ? call.credit : null;
        }
        InboundCall call = inbound.get(id);
        return call != null ? call.credit : null;
    }

    /** The protocol id of call {@code id}, or null when no such call is open. */
    String protocolOf(int id) {
        if (mine(id)) {
            OutboundCall call = outbound.get(id);
            return call != null ? call.protocol.id() : null;
        }
        InboundCall call = inbound.get(id);
        return call != null ? call.registration.id() : null;
    }

    /** The connection is gone: our calls fail with {@code error}, the peer's are cancelled. */
    void failAll(TransportException error) {
        outbound.values().forEach(call -> call.fail(error));
        inbound.values().forEach(call -> call.cancel(error.getMessage()));
    }
}
