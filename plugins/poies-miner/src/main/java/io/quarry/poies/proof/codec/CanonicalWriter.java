package io.quarry.poies.proof.codec;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.Keccak;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Builds the canonical byte strings that PoIES proofs and policies hash and sign: a domain tag, then fields
 * in a fixed order, integers big-endian at a fixed width, variable-length values behind a 4-byte length. Two
 * encoders that write the same fields in the same order always produce the same bytes, so hashes over them
 * are stable whatever JSON formatting the values arrived in.
 */
public final class CanonicalWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    private CanonicalWriter() {
    }

    /**
     * A writer whose output starts with {@code domainTag} (one length byte, then its UTF-8 bytes), so hashes
     * of different kinds of record can never collide.
     */
    public static CanonicalWriter tagged(String domainTag) {
        Objects.requireNonNull(domainTag, "domainTag");
        byte[] tag = domainTag.getBytes(StandardCharsets.UTF_8);
        if (tag.length == 0 || tag.length > 255) {
            throw new IllegalArgumentException("a domain tag is 1..255 bytes, was " + tag.length);
        }
        CanonicalWriter writer = new CanonicalWriter();
        writer.out.write(tag.length);
        writer.out.writeBytes(tag);
        return writer;
    }

    /** One unsigned byte. */
    public CanonicalWriter u8(int value) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException("u8 out of range: " + value);
        }
        out.write(value);
        return this;
    }

    /** Four bytes, big-endian, of a value in [0, 2^32). */
    public CanonicalWriter u32(long value) {
        if (value < 0 || value > 0xffff_ffffL) {
            throw new IllegalArgumentException("u32 out of range: " + value);
        }
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xff);
        }
        return this;
    }

    /** Eight bytes, big-endian (two's complement for negative values). */
    public CanonicalWriter u64(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xff);
        }
        return this;
    }

    /** The bytes as they are, with no length: for fields whose length the format fixes. */
    public CanonicalWriter fixed(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** The bytes as they are, with no length: for fields whose length the format fixes. */
    public CanonicalWriter fixed(Bytes bytes) {
        return fixed(bytes.toArray());
    }

    /** A 4-byte length, then the bytes. */
    public CanonicalWriter sized(byte[] bytes) {
        u32(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    /** A 4-byte length, then the bytes. */
    public CanonicalWriter sized(Bytes bytes) {
        return sized(bytes.toArray());
    }

    /** A 4-byte length, then the UTF-8 bytes of {@code text}. */
    public CanonicalWriter text(String text) {
        return sized(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Everything written so far. */
    public byte[] toByteArray() {
        return out.toByteArray();
    }

    /** Keccak-256 of everything written so far. */
    public Bytes keccak256() {
        return Bytes.of(Keccak.keccak256(out.toByteArray()));
    }
}
