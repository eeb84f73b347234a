package io.quarry.kernel.transport;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.quarry.api.transport.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages as CBOR (Jackson), with the size limit checked while encoding so an oversize message is refused
 * before it is fully built. Thread-safe.
 */
final class MessageCodec {

    // Unknown properties are ignored so a protocol version can gain optional fields; types still must match.
    private static final ObjectMapper CBOR = CBORMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private MessageCodec() {
    }

    /**
     * Encodes {@code value} into a new buffer.
     *
     * @throws TransportException when the encoding exceeds {@code maxBytes} or the value cannot be encoded
     */
    static ByteBuf encode(Object value, int maxBytes, String what) {
        ChunkedOutput out = new ChunkedOutput(maxBytes, what);
        try (out) {
            CBOR.writeValue(out, value);
        } catch (IOException | RuntimeException e) {
            out.discard();
            // Jackson may wrap what the limited stream threw; the limit's own message is the useful one.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof TransportException te) {
                    throw te;
                }
            }
            throw new TransportException("cannot encode " + what + " as CBOR: " + e.getMessage(), e);
        }
        return out.result();
    }

    /**
     * Decodes a {@code type} from {@code payload} (not released here).
     *
     * @throws PeerProtocolException reason {@link ErrorReason#UNDECODABLE} when the bytes are not one
     */
    static <T> T decode(ByteBuf payload, Class<T> type, String what) {
        try {
            if (payload.hasArray()) {
                return CBOR.readValue(payload.array(), payload.arrayOffset() + payload.readerIndex(),
                        payload.readableBytes(), type);
            }
            try (InputStream in = new ByteBufInputStream(payload.duplicate())) {
                return CBOR.readValue(in, type);
            }
        } catch (IOException | RuntimeException e) {
            throw new PeerProtocolException(ErrorReason.UNDECODABLE,
                    what + " is not a CBOR " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Collects an encoding in pooled chunks, so a large message is copied once and never regrown, and stops
     * as soon as it passes the limit rather than after building all of it.
     */
    private static final class ChunkedOutput extends OutputStream {
        private static final int FIRST_CHUNK = 512;
        private static final int MAX_CHUNK = 1024 * 1024;

        private final int max;
        private final String what;
        private final List<ByteBuf> chunks = new ArrayList<>(2);
        private ByteBuf current;
        private long written;

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

        private void count(int bytes) {
            written += bytes;
            if (written > max) {
                throw new TransportException(what + " exceeds its limit of " + max + " bytes");
            }
        }

        /** The encoding as one buffer (a composite view when it took several chunks). */
        ByteBuf result() {
            if (chunks.isEmpty()) {
                return Unpooled.EMPTY_BUFFER;
            }
            if (chunks.size() == 1) {
                return chunks.get(0);
            }
            CompositeByteBuf all = Frame.ALLOCATOR.compositeHeapBuffer(chunks.size());
            all.addComponents(true, chunks);
            return all;
        }

        void discard() {
            chunks.forEach(ByteBuf::release);
            chunks.clear();
        }
    }
}
