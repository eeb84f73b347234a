package io.quarry.kernel.transport;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.quarry.api.transport.TransportException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Messages as CBOR (Jackson), with the size limit checked while encoding so an oversize message is refused
 * before it is fully built. Protocol messages may carry large byte arrays as raw sections beside the CBOR
 * ({@link RawSections}); HELLO and ERROR payloads are plain CBOR. Thread-safe.
 */
final class MessageCodec {

    // Unknown properties are ignored so a protocol version can gain optional fields; types still must match.
    private static final ObjectMapper CBOR = CBORMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(RawSections.module())
            .build();
    private static final ObjectWriter WRITER = CBOR.writer();
    /** A CBOR part up to this size that is not one array already is copied into one before parsing. */
    private static final int COPY_CBOR_BYTES = 64 * 1024;

    private MessageCodec() {
    }

    /** An encoded protocol message: its payload and the frame flags it needs ({@link Frame#FLAG_RAW} or 0). */
    record Encoded(ByteBuf payload, int flags) {
    }

    /**
     * Encodes {@code value} as plain CBOR into a new buffer (HELLO, ERROR).
     *
     * @throws TransportException when the encoding exceeds {@code maxBytes} or the value cannot be encoded
     */
    static ByteBuf encode(Object value, int maxBytes, String what) {
        ChunkedOutput out = new ChunkedOutput(maxBytes, what);
        write(WRITER, value, out, null, what);
        return out.result();
    }

    /**
     * Encodes a protocol message: byte arrays of {@link RawSections#MIN_BYTES} or more become raw sections,
     * each copied once; the rest is CBOR. The limit counts everything, table and sections included.
     *
     * @throws TransportException when the encoding exceeds {@code maxBytes} or the value cannot be encoded
     */
    static Encoded encodeMessage(Object value, int maxBytes, String what) {
        ChunkedOutput out = new ChunkedOutput(maxBytes, what);
        RawSectionWriter sections = new RawSectionWriter(out);
        write(WRITER.withAttribute(RawSectionWriter.class, sections), value, out, sections, what);
        if (sections.isEmpty()) {
            return new Encoded(out.result(), 0);
        }
        CompositeByteBuf all = Frame.ALLOCATOR.compositeHeapBuffer(Integer.MAX_VALUE);
        all.addComponent(true, sections.table());
        out.moveTo(all);
        sections.moveTo(all);
        return new Encoded(all, Frame.FLAG_RAW);
    }

    private static void write(ObjectWriter writer, Object value, ChunkedOutput out, RawSectionWriter sections,
                              String what) {
        try (out) {
            writer.writeValue(out, value);
        } catch (IOException | RuntimeException e) {
            out.discard();
            if (sections != null) {
                sections.discard();
            }
            // Jackson may wrap what the budget threw; the limit's own message is the useful one.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof TransportException te) {
                    throw te;
                }
            }
            throw new TransportException("cannot encode " + what + " as CBOR: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes a {@code type} from a plain CBOR {@code payload} (not released here).
     *
     * @throws PeerProtocolException reason {@link ErrorReason#UNDECODABLE} when the bytes are not one
     */
    static <T> T decode(ByteBuf payload, Class<T> type, String what) {
        return decodeMessage(payload, 0, type, what);
    }

    /**
     * Decodes a protocol message from {@code payload} (not released here) sent with frame {@code flags}:
     * with {@link Frame#FLAG_RAW} the payload is a raw section table, CBOR and the sections.
     *
     * @throws PeerProtocolException reason {@link ErrorReason#UNDECODABLE} when the bytes are not one
     */
    static <T> T decodeMessage(ByteBuf payload, int flags, Class<T> type, String what) {
        return decodeMessage(payload, flags, type, what, null);
    }

    /**
     * As {@link #decodeMessage(ByteBuf, int, Class, String)}, but a {@link io.quarry.api.transport.Payload} in a
     * raw section becomes a view of {@code payload} (retained, no copy) collected in {@code views}, which the
     * caller releases; with {@code views} null payloads are copied.
     */
    static <T> T decodeMessage(ByteBuf payload, int flags, Class<T> type, String what, PayloadViews views) {
        try {
            if ((flags & Frame.FLAG_RAW) == 0) {
                return read(CBOR.readerFor(type), payload);
            }
            RawSectionReader sections = RawSectionReader.of(payload);
            // The CBOR part's length is derived from the table, so a byte after its value means the table lied.
            ObjectReader reader = CBOR.readerFor(type).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .withAttribute(RawSectionReader.class, sections);
            if (views != null) {
                reader = reader.withAttribute(PayloadViews.class, views);
            }
            T value = read(reader, sections.cbor());
            sections.checkAllTaken();
            return value;
        } catch (IOException | RuntimeException e) {
            throw new PeerProtocolException(ErrorReason.UNDECODABLE,
                    what + " is not a CBOR " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static <T> T read(ObjectReader reader, ByteBuf cbor) throws IOException {
        if (cbor.hasArray()) {
            return reader.readValue(cbor.array(), cbor.arrayOffset() + cbor.readerIndex(), cbor.readableBytes());
        }
        if (cbor.readableBytes() <= COPY_CBOR_BYTES) {
            // A small CBOR part in a composite frame: one array parses faster than a stream over components.
            return reader.readValue(ByteBufUtil.getBytes(cbor, cbor.readerIndex(), cbor.readableBytes(), false));
        }
        try (InputStream in = new ByteBufInputStream(cbor.duplicate())) {
            return reader.readValue(in);
        }
    }
}
