package io.quarry.kernel.transport;

import io.quarry.api.transport.Protocol;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * The protocols this node serves, in registration order: a protocol's index in that order is what peers put
 * in REQUEST and ONEWAY frames. Append-only, so indices stay valid on open connections.
 */
final class ProtocolRegistry {

    private final List<Registration> byIndex = new CopyOnWriteArrayList<>();
    private final Map<String, Registration> byId = new ConcurrentHashMap<>();
    private final int maxMessageBytes;

    /** @param maxFrameBytes the transport's frame limit, which caps every protocol's message limit */
    ProtocolRegistry(int maxFrameBytes) {
        this.maxMessageBytes = maxFrameBytes - Frame.HEADER_BYTES;
    }

    /** @param executor where the handler runs; null runs it on the event loop (a non-blocking handler) */
    synchronized Registration add(Protocol<?, ?> protocol, HandlerKind kind, Object handler, Executor executor) {
        if (byId.containsKey(protocol.id())) {
            throw new IllegalStateException("protocol " + protocol.id() + " is already registered");
        }
        if (protocol.maxMessageBytes() > maxMessageBytes) {
            throw new IllegalArgumentException("protocol " + protocol.id() + " allows " + protocol.maxMessageBytes()
                    + "-byte messages but transport.max_frame_bytes leaves room for " + maxMessageBytes
                    + "; raise transport.max_frame_bytes or stream large payloads");
        }
        if (byIndex.size() >= Frame.MAX_PROTOCOLS) {
            throw new IllegalStateException("a node serves at most " + Frame.MAX_PROTOCOLS + " protocols");
        }
        Registration registration = new Registration(byIndex.size(), protocol, kind, handler, executor,
                new Semaphore(protocol.maxConcurrent()));
        byIndex.add(registration);
        byId.put(protocol.id(), registration);
        return registration;
    }

    /** The registration peers address as {@code index}, or null when there is none. */
    Registration at(int index) {
        List<Registration> snapshot = byIndex;
        return index >= 0 && index < snapshot.size() ? snapshot.get(index) : null;
    }

    /** The served protocol ids in index order, for HELLO. */
    List<String> ids() {
        return byIndex.stream().map(Registration::id).toList();
    }
}
