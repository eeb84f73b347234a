package io.quarry.kernel.transport;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.quarry.api.transport.Payload;
import java.io.IOException;

/**
 * {@link Payload} as a raw section reference (tag {@link RawSections#TAG}, section index) whenever the encoding
 * collects raw sections, whatever its size (that is what a payload is for); as a CBOR byte string otherwise.
 */
final class PayloadSerializer extends StdSerializer<Payload> {

    private static final long serialVersionUID = 1L;

    PayloadSerializer() {
        super(Payload.class);
    }

    @Override
    public void serialize(Payload value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        RawSectionWriter sections = (RawSectionWriter) provider.getAttribute(RawSectionWriter.class);
        if (sections != null && gen instanceof CBORGenerator cbor && sections.takes(value)) {
            cbor.writeTag(RawSections.TAG);
            cbor.writeNumber(sections.add(value));
        } else {
            gen.writeBinary(value.toByteArray());
        }
    }
}
