package io.quarry.kernel.transport;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.type.ArrayType;
import io.quarry.api.transport.Payload;

/**
 * Large byte arrays beside the CBOR instead of inside it (layout in {@code package-info}, "Raw sections").
 * Jackson reads a CBOR byte string above 250,000 bytes through a growing builder and copies it twice more
 * (its guard against lengths that lie); a raw section is copied once, from the received frame straight into
 * the array the record gets, after its length has been checked against the bytes that actually arrived.
 */
final class RawSections {

    /**
     * The CBOR tag on the unsigned integer that stands for a raw section (its index): "QR" and 1. Private to
     * this format, it means this only in a payload whose frame has {@link Frame#FLAG_RAW}.
     */
    static final int TAG = 0x5152_0001;
    /** Byte arrays of at least this many bytes travel as raw sections; smaller ones stay in the CBOR. */
    static final int MIN_BYTES = 64 * 1024;
    /** At most this many raw sections in one payload; further large arrays stay in the CBOR. */
    static final int MAX_SECTIONS = 1024;

    /** Bytes of the section table: the count, then one length per section. */
    static int tableBytes(int sections) {
        return 4 + 4 * sections;
    }

    private RawSections() {
    }

    /**
     * The Jackson module that writes {@code byte[]} values of {@link #MIN_BYTES} or more as raw sections
     * when an encoding collects them ({@link RawSectionWriter}) and reads section references when a decoding
     * has them ({@link RawSectionReader}); anywhere else {@code byte[]} behaves as Jackson's own.
     */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("quarry-raw-sections");
        module.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            @SuppressWarnings("unchecked")
            public JsonSerializer<?> modifyArraySerializer(SerializationConfig config, ArrayType type,
                                                           BeanDescription description, JsonSerializer<?> standard) {
                return type.getRawClass() == byte[].class
                        ? new RawByteArraySerializer((JsonSerializer<byte[]>) standard) : standard;
            }
        });
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyArrayDeserializer(DeserializationConfig config, ArrayType type,
                                                               BeanDescription description,
                                                               JsonDeserializer<?> standard) {
                return type.getRawClass() == byte[].class ? new RawByteArrayDeserializer(standard) : standard;
            }
        });
        module.addSerializer(Payload.class, new PayloadSerializer());
        module.addDeserializer(Payload.class, new PayloadDeserializer());
        return module;
    }
}
