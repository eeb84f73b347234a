package io.quarry.kernel.transport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.IOException;

/**
 * {@code byte[]} from a raw section reference when the payload has raw sections ({@link RawSectionReader});
 * everything else goes to Jackson's own {@code byte[]} deserializer. A reference is an integer tagged
 * {@link RawSections#TAG}; when Jackson replays buffered tokens (which lose their tags) any integer where an
 * array belongs in a payload with raw sections counts as one, since the encoder writes arrays as byte
 * strings. A reference in a payload without raw sections, or to a section that is missing or already
 * taken, fails the decoding.
 */
final class RawByteArrayDeserializer extends DelegatingDeserializer {

    private static final long serialVersionUID = 1L;

    RawByteArrayDeserializer(JsonDeserializer<?> standard) {
        super(standard);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> standard) {
        return new RawByteArrayDeserializer(standard);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            RawSectionReader sections = (RawSectionReader) ctxt.getAttribute(RawSectionReader.class);
            boolean tagged = p instanceof CBORParser cbor && cbor.getCurrentTag() == RawSections.TAG;
            if (tagged && sections == null) {
                return ctxt.reportInputMismatch(byte[].class, "a raw section reference in a payload without raw "
                        + "sections");
            }
            if (sections != null && (tagged || !(p instanceof CBORParser))) {
                return take(p, ctxt, sections);
            }
        }
        return super.deserialize(p, ctxt);
    }

    private static Object take(JsonParser p, DeserializationContext ctxt, RawSectionReader sections)
            throws IOException {
        if (p.getNumberType() != JsonParser.NumberType.INT) {
            return ctxt.reportInputMismatch(byte[].class, "raw section index " + p.getNumberValue()
                    + " is out of range");
        }
        try {
            return sections.take(p.getIntValue());
        } catch (IllegalArgumentException e) {
            return ctxt.reportInputMismatch(byte[].class, e.getMessage());
        }
    }
}
