package io.quarry.kernel.transport;

import io.netty.buffer.ByteBuf;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
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
        // A file is read by its channel straight into direct memory, which BoringSSL encrypts from as it is: no
        // copy through a heap array and none back into direct memory for the engine. Other streams fill heap
        // chunks through the InputStream API (one copy, which the JDK engine wants anyway).
        // Only a plain FileInputStream (a subclass may change what read returns), and only on BoringSSL (the JDK
        // engine encrypts heap arrays faster than direct memory).
        FileChannel file = body.getClass() == FileInputStream.class && session.tlsTakesDirectMemory()
                ? ((FileInputStream) body).getChannel() : null;
        while (!end && !stop.getAsBoolean()) {
            ByteBuf chunk = file != null ? Frame.ALLOCATOR.directBuffer(chunkBytes, chunkBytes)
                    : Frame.ALLOCATOR.heapBuffer(chunkBytes, chunkBytes);
            try {
                while (chunk.isWritable()) {
                    int read = file != null ? chunk.writeBytes(file, chunk.writableBytes())
                            : chunk.writeBytes(body, chunk.writableBytes());
                    if (read < 0) {
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
