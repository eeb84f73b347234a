package io.quarry.poies.model;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The canonical bytes of a proof body value (docs/poies-canonical-header.md, "Proof envelopes"): one tag byte,
 * then false {@code 00} / true {@code 01} as the tag itself, integer {@code 02 n bytes} (minimal two's
 * complement, big-endian, {@code n} in one byte), string {@code 03 u32-length UTF-8}, array {@code 04 u32-count
 * values}, object {@code 05 u32-count (u32-key-length key value)...} with members sorted by the unsigned bytes of
 * their UTF-8 keys. Two bodies that are equal as JSON values encode alike, whatever their member order.
 */
final class CanonicalValue {

    static final int FALSE = 0x00;
    static final int TRUE = 0x01;
    static final int INTEGER = 0x02;
    static final int STRING = 0x03;
    static final int ARRAY = 0x04;
    static final int OBJECT = 0x05;

    private CanonicalValue() {
    }

    /** Appends the encoding of {@code value}, which {@link ProofBody} has already normalised. */
    static void write(Object value, ByteArrayOutputStream out) {
        switch (value) {
            case Boolean b -> out.write(b ? TRUE : FALSE);
            case Long l -> writeInteger(BigInteger.valueOf(l), out);
            case BigInteger i -> writeInteger(i, out);
            case String s -> {
                out.write(STRING);
                writeBytes(s.getBytes(StandardCharsets.UTF_8), out);
            }
            case List<?> list -> {
                out.write(ARRAY);
                writeU32(list.size(), out);
                for (Object element : list) {
                    write(element, out);
                }
            }
            case Map<?, ?> map -> writeObject(map, out);
            default -> throw new IllegalStateException("not a normalised body value: " + value.getClass());
        }
    }

    static void writeObject(Map<?, ?> map, ByteArrayOutputStream out) {
        out.write(OBJECT);
        writeU32(map.size(), out);
        List<Map.Entry<byte[], Object>> members = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> member : map.entrySet()) {
            members.add(Map.entry(((String) member.getKey()).getBytes(StandardCharsets.UTF_8), member.getValue()));
        }
        members.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
        for (Map.Entry<byte[], Object> member : members) {
            writeBytes(member.getKey(), out);
            write(member.getValue(), out);
        }
    }

    private static void writeInteger(BigInteger value, ByteArrayOutputStream out) {
        byte[] bytes = value.toByteArray(); // minimal two's complement, big-endian
        out.write(INTEGER);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeBytes(byte[] bytes, ByteArrayOutputStream out) {
        writeU32(bytes.length, out);
        out.writeBytes(bytes);
    }

    private static void writeU32(int value, ByteArrayOutputStream out) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
