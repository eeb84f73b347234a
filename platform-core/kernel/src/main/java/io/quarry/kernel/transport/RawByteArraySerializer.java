package io.quarry.kernel.transport;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.IOException;

/**
 * {@code byte[]} as a raw section reference (tag {@link RawSections#TAG}, section index) when the encoding
 * collects raw sections and the array is large; as Jackson's own serializer writes it otherwise.
 */
final class RawByteArraySerializer extends StdSerializer<byte[]> {

    private static final long serialVersionUID = 1L;

    private final JsonSerializer<byte[]> standard;

    RawByteArraySerializer(JsonSerializer<byte[]> standard) {
        super(byte[].class);
        this.standard = standard;
    }

    @Override
    public void serialize(byte[] value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        RawSectionWriter sections = (RawSectionWriter) provider.getAttribute(RawSectionWriter.class);
        if (sections != null && gen instanceof CBORGenerator cbor && sections.takes(value)) {
            cbor.writeTag(RawSections.TAG);
            cbor.writeNumber(sections.add(value));
        } else {
            standard.serialize(value, gen, provider);
        }
    }

    /** With type information (polymorphic values) arrays stay inline: the type id wraps the value itself. */
    @Override
    public void serializeWithType(byte[] value, JsonGenerator gen, SerializerProvider provider,
                                  TypeSerializer types) throws IOException {
        standard.serializeWithType(value, gen, provider, types);
    }

    @Override
    public boolean isEmpty(SerializerProvider provider, byte[] value) {
        return standard.isEmpty(provider, value);
    }
}
