package io.quarry.kernel.transport;

import io.netty.buffer.ByteBuf;
import io.quarry.api.transport.Payload;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/**
 * A {@link Payload} a handler gets: a retained view of one raw section of the received frame (no copy), released
 * by the transport when the handler returns. Every access holds this payload's lock and checks it is not
 * released, so no read can touch the buffer after it went back to its pool: a read that races the release
 * either finishes first or throws {@link IllegalStateException}.
 */
final class ReceivedPayload extends Payload {

    private static final String HANDLER_RETURNED = "this payload was released when its handler returned; copy what"
            + " you keep (toByteArray, writeTo) before returning";

    private final int length;
    private final String releasedWhy;
    private ByteBuf bytes; // null once released; guarded by this

    /** Takes over {@code bytes} (one reference). */
    ReceivedPayload(ByteBuf bytes) {
        this(bytes, HANDLER_RETURNED);
    }

    /** Takes over {@code bytes} (one reference); once released, accesses throw with {@code releasedWhy}. */
    ReceivedPayload(ByteBuf bytes, String releasedWhy) {
        this.bytes = bytes;
        this.length = bytes.readableBytes();
        this.releasedWhy = releasedWhy;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public synchronized void read(int offset, byte[] target, int targetOffset, int count) {
        Objects.checkFromIndexSize(offset, count, length);
        Objects.checkFromIndexSize(targetOffset, count, target.length);
        live().getBytes(bytes.readerIndex() + offset, target, targetOffset, count);
    }

    @Override
    public synchronized long writeTo(WritableByteChannel channel) throws IOException {
        // NIO views of the frame's own memory (direct or heap), read-only; the channel's write contract is not to
        // keep them, and the lock keeps the release away until the last write returned.
        ByteBuffer[] pieces = live().nioBuffers(bytes.readerIndex(), length);
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = pieces[i].asReadOnlyBuffer();
        }
        if (channel instanceof GatheringByteChannel gathering) {
            // One system call for the frame's pieces (a received chunk is several TLS records' buffers), not one each.
            // Heap pieces (the JDK engine's) are staged in the JDK's temporary direct buffers, all at once here.
            for (long left = length; left > 0; ) {
                left -= gathering.write(pieces);
            }
        } else {
            for (ByteBuffer piece : pieces) {
                while (piece.hasRemaining()) {
                    channel.write(piece);
                }
            }
        }
        return length;
    }

    @Override
    public byte[] wrappedArray() {
        return null;
    }

    /** A retained view of the bytes, for forwarding them in another message; the caller releases it. */
    synchronized ByteBuf retainedView() {
        return live().retainedSlice(bytes.readerIndex(), length);
    }

    /** Gives the bytes back; every later access throws. Harmless to repeat. */
    synchronized void release() {
        if (bytes != null) {
            bytes.release();
            bytes = null;
        }
    }

    private ByteBuf live() {
        if (bytes == null) {
            throw new IllegalStateException(releasedWhy);
        }
        return bytes;
    }
}
