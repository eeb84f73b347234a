package io.quarry.kernel.transport;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Sends a body stream as STREAM_DATA frames on the calling (virtual) thread: fills a chunk from the input,
 * waits for the reader's credit and for room in the connection's outbound buffer, writes it. Memory in
 * flight is bounded by the reader's window and the buffer's high-water mark, however large the body. Does not send STREAM_END: the caller decides whether the call is still on.
 */
final class StreamSender {

    private StreamSender() {
    }

    /**
     * Sends {@code body} until its end, or until {@code stop} says the call is over.
     *
     * @return bytes sent
     * @throws IOException when reading {@code body} fails, or credit stops (cancel, close, read timeout)
     */
    static long send(InputStream body, StreamCredit credit, Session session, Target call, int chunkBytes,
                     Duration readTimeout, BooleanSupplier stop, TransportMetrics metrics) throws IOException {
        long sent = 0;
        boolean end = false;
        while (!end && !stop.getAsBoolean()) {
            ByteBuf chunk = Frame.ALLOCATOR.heapBuffer(chunkBytes, chunkBytes);
            try {
                while (chunk.isWritable()) {
                    if (chunk.writeBytes(body, chunk.writableBytes()) < 0) {
                        end = true;
                        break;
                    }
                }
                if (chunk.isReadable()) {
                    credit.acquire(StreamCredit.cost(chunk.readableBytes()), readTimeout);
                    session.awaitWritable(readTimeout);
                    sent += chunk.readableBytes();
                    metrics.message(call.protocolId(), FrameType.STREAM_DATA, "out");
                    ByteBuf payload = chunk;
                    chunk = null;
                    session.write(new Frame(FrameType.STREAM_DATA, 0, Frame.NO_PROTOCOL, call.callId(), payload));
                }
            } finally {
                if (chunk != null) {
                    chunk.release();
                }
            }
        }
        return sent;
    }

    /** The call a stream belongs to, whichever side made it. */
    record Target(int callId, String protocolId) {
    }
}
