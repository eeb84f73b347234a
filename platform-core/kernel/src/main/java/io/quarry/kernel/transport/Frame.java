package io.quarry.kernel.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * One decoded or to-be-encoded frame: header fields plus the payload buffer it owns. Reference counted like
 * any Netty message: whoever ends up with it releases it.
 */
final class Frame extends DefaultByteBufHolder {

    /** Bytes of header after the 4-byte length: type, flags, protocol index, call id. */
    static final int HEADER_BYTES = 8;
    /** Protocol index of frames that name no protocol. */
    static final int NO_PROTOCOL = 0xFFFF;
    /** The largest protocol index: how many protocols one HELLO may list. */
    static final int MAX_PROTOCOLS = 0xFFFE;

    /**
     * Where every transport buffer comes from, on the channels too. Heap memory for our own buffers, because
     * the JDK's TLS (AES-GCM) works on heap arrays without the extra copies direct buffers cost it (~2x on the
     * 1 MiB benchmark); BoringSSL copies heap input into direct memory either way. Socket reads and TLS output
     * still use direct buffers (ioBuffer, SslHandler). Netty's pooled (arena) allocator rather than its adaptive
     * one: the adaptive allocator kept allocating and freeing direct chunks under the transport's load (large
     * frames held while they accumulate), and on JDK 25 every freed chunk closes a shared memory arena, a
     * handshake with every thread of the JVM; the arenas keep their chunks (about 20 % less event-loop CPU per
     * MiB side by side).
     */
    static final ByteBufAllocator ALLOCATOR = new PooledByteBufAllocator(false);

    /** REQUEST flag: a body stream follows (upload). */
    static final int FLAG_UPLOAD = 0x01;
    /** REQUEST flag: the answer is a body stream (download). */
    static final int FLAG_DOWNLOAD = 0x02;
    /** REQUEST, RESPONSE and ONEWAY flag: the payload carries raw sections ({@link RawSections}). */
    static final int FLAG_RAW = 0x04;

    final FrameType type;
    final int flags;
    final int protocol;
    final int callId;

    Frame(FrameType type, int flags, int protocol, int callId, ByteBuf payload) {
        super(payload);
        this.type = type;
        this.flags = flags;
        this.protocol = protocol;
        this.callId = callId;
    }

    /** A frame with no payload. */
    static Frame empty(FrameType type, int callId) {
        return new Frame(type, 0, NO_PROTOCOL, callId, Unpooled.EMPTY_BUFFER);
    }

    /** A CREDIT frame granting {@code bytes}. */
    static Frame credit(int callId, int bytes) {
        return new Frame(FrameType.CREDIT, 0, NO_PROTOCOL, callId, ALLOCATOR.heapBuffer(4, 4).writeInt(bytes));
    }

    /** Encoded size on the wire, length prefix included. */
    int wireBytes() {
        return 4 + HEADER_BYTES + content().readableBytes();
    }

    @Override
    public String toString() {
        return type + "[flags=" + flags + ", protocol=" + protocol + ", call=" + Integer.toUnsignedString(callId)
                + ", bytes=" + content().readableBytes() + "]";
    }
}
