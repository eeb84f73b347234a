package io.quarry.kernel.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.quarry.api.transport.TransportException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects an encoding in pooled chunks, so a large message is copied once and never regrown, and keeps the
 * message's byte budget: whatever is counted against it (the CBOR written here, the raw sections beside
 * it) stops the encoding as soon as it passes the limit rather than after building all of it.
 */
final class ChunkedOutput extends OutputStream {

    private static final int FIRST_CHUNK = 512;
    private static final int MAX_CHUNK = 1024 * 1024;

    private final int max;
    private final String what;
    private final List<ByteBuf> chunks = new ArrayList<>(2);
    private ByteBuf current;
    private long counted;

    ChunkedOutput(int max, String what) {
        this.max = max;
        this.what = what;
    }

    @Override
    public void write(int b) {
        count(1);
        writable().writeByte(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        count(len);
        while (len > 0) {
            ByteBuf target = writable();
            int n = Math.min(len, target.writableBytes());
            target.writeBytes(b, off, n);
            off += n;
            len -= n;
        }
    }

    private ByteBuf writable() {
        if (current == null || !current.isWritable()) {
            // Small first (most messages are small), then growing: a large message ends up in a few
            // chunks, and TLS rarely has to merge a record's bytes from two of them.
            int size = current == null ? FIRST_CHUNK : Math.min(MAX_CHUNK, current.capacity() * 8);
            current = Frame.ALLOCATOR.heapBuffer(size, size);
            chunks.add(current);
        }
        return current;
    }

    /**
     * Counts {@code bytes} more of the message against its limit.
     *
     * @throws TransportException when the message now exceeds it
     */
    void count(long bytes) {
        counted += bytes;
        if (counted > max) {
            throw new TransportException(what + " exceeds its limit of " + max + " bytes");
        }
    }

    /** Moves the bytes written here to the end of {@code all}; this output is empty afterwards. */
    void moveTo(CompositeByteBuf all) {
        all.addComponents(true, chunks);
        chunks.clear();
        current = null;
    }

    /** The encoding as one buffer (a composite view when it took several chunks); this output is empty afterwards. */
    ByteBuf result() {
        if (chunks.isEmpty()) {
            return Unpooled.EMPTY_BUFFER;
        }
        if (chunks.size() == 1) {
            ByteBuf only = chunks.remove(0);
            current = null;
            return only;
        }
        CompositeByteBuf all = Frame.ALLOCATOR.compositeHeapBuffer(chunks.size());
        moveTo(all);
        return all;
    }

    /** Releases whatever was written. */
    void discard() {
        chunks.forEach(ByteBuf::release);
        chunks.clear();
        current = null;
    }
}
