package io.quarry.kernel.transport;

import io.quarry.api.transport.Protocol;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * A protocol this node serves: its handler (of the given kind), the executor it runs on, and the permits
 * that cap how many of its requests run at once across all peers.
 *
 * @param index the protocol's position in our HELLO
 * @param protocol the protocol
 * @param kind which handler interface {@code handler} implements
 * @param handler a RequestHandler, UploadHandler or DownloadHandler
 * @param executor where the handler runs; null for a non-blocking handler, run on the event loop that read
 *     the request
 * @param permits {@code protocol.maxConcurrent()} permits, taken without waiting
 */
record Registration(int index, Protocol<?, ?> protocol, HandlerKind kind, Object handler, Executor executor,
                    Semaphore permits) {

    String id() {
        return protocol.id();
    }

    /** Whether the handler runs on the event loop (registered as non-blocking) rather than on an executor. */
    boolean onEventLoop() {
        return executor == null;
    }
}
