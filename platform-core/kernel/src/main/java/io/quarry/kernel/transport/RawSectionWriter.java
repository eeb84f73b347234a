package io.quarry.kernel.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.quarry.api.transport.Payload;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the raw sections of one encoding ({@link RawSections}): copies each large array once, into
 * pooled buffers of at most {@link #PIECE_BYTES}, counting it against the message's budget before copying.
 * Copying (rather than wrapping the caller's array) keeps the promise that a message is encoded by the time
 * the call returns, so the caller may reuse its arrays at once. Not thread-safe: one per encoding.
 */
final class RawSectionWriter {

    /** Pieces no larger than this come from the allocator's pools instead of the Java heap. */
    private static final int PIECE_BYTES = 1024 * 1024;

    private final ChunkedOutput budget;
    private final List<Integer> lengths = new ArrayList<>();
    private final List<ByteBuf> pieces = new ArrayList<>();

    RawSectionWriter(ChunkedOutput budget) {
        this.budget = budget;
    }

    /** Whether {@code value} goes into a raw section: large enough, and room for one more section. */
    boolean takes(byte[] value) {
        return value.length >= RawSections.MIN_BYTES && lengths.size() < RawSections.MAX_SECTIONS;
    }

    /** Copies {@code value} into the next section; returns its index. */
    int add(byte[] value) {
        // The table grows by one length (and starts with its count) as well as the section's bytes.
        budget.count(value.length + 4L + (lengths.isEmpty() ? 4 : 0));
        for (int at = 0; at < value.length; at += PIECE_BYTES) {
            int n = Math.min(PIECE_BYTES, value.length - at);
            ByteBuf piece = Frame.ALLOCATOR.heapBuffer(n, n);
            pieces.add(piece.writeBytes(value, at, n));
        }
        lengths.add(value.length);
        return lengths.size() - 1;
    }

    /** Whether {@code value} goes into a raw section: not empty, and room for one more section. */
    boolean takes(Payload value) {
        return value.length() > 0 && lengths.size() < RawSections.MAX_SECTIONS;
    }

    /**
     * Puts {@code value} into the next section without copying it where it can: a wrapped array or buffer goes
     * out as it is (the caller keeps it unchanged until the call completes), a received payload as a view of its
     * frame;
     * any other payload is copied. Returns the section's index.
     */
    int add(Payload value) {
        int length = value.length();
        budget.count(length + 4L + (lengths.isEmpty() ? 4 : 0));
        pieces.add(bytesOf(value));
        lengths.add(length);
        return lengths.size() - 1;
    }

    /**
     * {@code value}'s bytes as a buffer for the wire, not copied where it can: a wrapped array or buffer as it is (the
     * caller keeps it unchanged until the call completes), a received payload as a view of its frame; any other
     * payload is copied. The caller releases the result.
     */
    static ByteBuf bytesOf(Payload value) {
        byte[] array = value.wrappedArray();
        ByteBuffer buffer = value.wrappedBuffer();
        if (array != null) {
            return Unpooled.wrappedBuffer(array);
        } else if (buffer != null) {
            return Unpooled.wrappedBuffer(buffer); // a mapped file stays off the heap all the way to TLS
        } else if (value instanceof ReceivedPayload received) {
            return received.retainedView();
        }
        byte[] copy = new byte[value.length()];
        value.read(0, copy, 0, copy.length);
        return Unpooled.wrappedBuffer(copy);
    }

    boolean isEmpty() {
        return lengths.isEmpty();
    }

    /** The section table (count, then each length), to go before the CBOR. */
    ByteBuf table() {
        ByteBuf table = Frame.ALLOCATOR.heapBuffer(RawSections.tableBytes(lengths.size()));
        table.writeInt(lengths.size());
        lengths.forEach(table::writeInt);
        return table;
    }

    /** Moves the sections' bytes, in index order, to the end of {@code all}. */
    void moveTo(CompositeByteBuf all) {
        all.addComponents(true, pieces);
        pieces.clear();
    }

    /** Releases whatever was copied. */
    void discard() {
        pieces.forEach(ByteBuf::release);
        pieces.clear();
    }
}
