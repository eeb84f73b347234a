package io.quarry.kernel.transport;

import io.netty.buffer.ByteBuf;

/**
 * The raw sections of one received payload ({@link RawSections}): reads and checks the section table
 * against the bytes that actually arrived before anything is allocated, then hands each section out once,
 * copied straight from the frame into a new array. Taking a section twice would let a peer turn one section
 * into many arrays, so it fails; so does leaving one untaken. Not thread-safe: one per decoding.
 */
final class RawSectionReader {

    private final ByteBuf payload;
    private final int[] offsets;
    private final int[] lengths;
    private final boolean[] taken;
    private final int cborOffset;
    private final int cborLength;
    private int left;

    private RawSectionReader(ByteBuf payload, int[] offsets, int[] lengths, int cborOffset, int cborLength) {
        this.payload = payload;
        this.offsets = offsets;
        this.lengths = lengths;
        this.taken = new boolean[lengths.length];
        this.cborOffset = cborOffset;
        this.cborLength = cborLength;
        this.left = lengths.length;
    }

    /**
     * Reads the table at the start of {@code payload}'s readable bytes (indices untouched).
     *
     * @throws IllegalArgumentException when the table is malformed or the lengths do not add up to the
     *     payload: truncated, too long, no room left for the CBOR
     */
    static RawSectionReader of(ByteBuf payload) {
        int start = payload.readerIndex();
        int size = payload.readableBytes();
        if (size < 4) {
            throw new IllegalArgumentException("a " + size + "-byte payload is too short for a raw section table");
        }
        long count = payload.getUnsignedInt(start);
        if (count < 1 || count > RawSections.MAX_SECTIONS) {
            throw new IllegalArgumentException("raw section count " + count + " is not between 1 and "
                    + RawSections.MAX_SECTIONS);
        }
        int sections = (int) count;
        long table = RawSections.tableBytes(sections);
        if (table > size) {
            throw new IllegalArgumentException("a table of " + sections + " raw sections does not fit a " + size
                    + "-byte payload");
        }
        int[] lengths = new int[sections];
        long total = 0;
        for (int i = 0; i < sections; i++) {
            long length = payload.getUnsignedInt(start + 4 + 4 * i);
            total += length;
            if (length < 1 || table + total >= size) {
                throw new IllegalArgumentException("raw section " + i + " of " + length + " bytes does not fit the "
                        + size + "-byte payload after its CBOR");
            }
            lengths[i] = (int) length;
        }
        int cborOffset = start + (int) table;
        int cborLength = (int) (size - table - total);
        int[] offsets = new int[sections];
        int at = cborOffset + cborLength;
        for (int i = 0; i < sections; i++) {
            offsets[i] = at;
            at += lengths[i];
        }
        return new RawSectionReader(payload, offsets, lengths, cborOffset, cborLength);
    }

    /** The CBOR part of the payload, a view sharing its memory (not retained). */
    ByteBuf cbor() {
        return payload.slice(cborOffset, cborLength);
    }

    /**
     * A copy of section {@code index}.
     *
     * @throws IllegalArgumentException when there is no such section or it was already taken
     */
    byte[] take(int index) {
        claim(index);
        byte[] bytes = new byte[lengths[index]];
        payload.getBytes(offsets[index], bytes);
        return bytes;
    }

    /**
     * Section {@code index} as a retained view of the frame (no copy); the caller releases it. Same checks as
     * {@link #take}.
     */
    ByteBuf view(int index) {
        claim(index);
        return payload.retainedSlice(offsets[index], lengths[index]);
    }

    private void claim(int index) {
        if (index < 0 || index >= lengths.length) {
            throw new IllegalArgumentException("raw section " + index + " does not exist (the payload has "
                    + lengths.length + ")");
        }
        if (taken[index]) {
            throw new IllegalArgumentException("raw section " + index + " is referenced twice");
        }
        taken[index] = true;
        left--;
    }

    /**
     * @throws IllegalArgumentException when a section was never referenced
     */
    void checkAllTaken() {
        if (left > 0) {
            throw new IllegalArgumentException(left + " of " + lengths.length + " raw sections are never referenced");
        }
    }
}
