package io.quarry.randomx.daemon;

import java.io.ByteArrayOutputStream;

/** Monero's varint (CryptoNote serialization): little-endian base-128, high bit set on all but the last byte. */
final class Varint {

    private Varint() {
    }

    /** A cursor over a blob that fails with a message naming what it was reading. */
    static final class Reader {
        private final byte[] data;
        private int position;

        Reader(byte[] data, int position) {
            this.data = data;
            this.position = position;
        }

        int position() {
            return position;
        }

        long varint(String what) {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8(what);
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    if (b == 0 && shift > 0) {
                        throw new IllegalArgumentException(what + ": non-canonical varint at " + (position - 1));
                    }
                    return value;
                }
            }
            throw new IllegalArgumentException(what + ": varint longer than 64 bits at " + position);
        }

        int u8(String what) {
            if (position >= data.length) {
                throw new IllegalArgumentException(what + ": blob ends at byte " + position);
            }
            return data[position++] & 0xFF;
        }

        void skip(long count, String what) {
            if (count < 0 || count > data.length - position) {
                throw new IllegalArgumentException(what + ": " + count + " bytes do not fit after byte " + position);
            }
            position += (int) count;
        }
    }

    static byte[] encode(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(10);
        long v = value;
        while (Long.compareUnsigned(v, 0x80) >= 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }
}
