package io.quarry.kernel.transport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import io.quarry.api.transport.Payload;
import java.io.IOException;

/**
 * {@link Payload} from a raw section reference or a CBOR byte string. Where the decoding carries
 * {@link PayloadViews} (a request for a handler) a section becomes a {@link ReceivedPayload} viewing the frame;
 * elsewhere (responses) it is copied into the payload the caller keeps. The same checks as for {@code byte[]}
 * apply: a reference in a payload without raw sections, to a missing section or to one already taken fails the
 * decoding.
 */
final class PayloadDeserializer extends StdDeserializer<Payload> {

    private static final long serialVersionUID = 1L;

    PayloadDeserializer() {
        super(Payload.class);
    }

    @Override
    public Payload deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            RawSectionReader sections = (RawSectionReader) ctxt.getAttribute(RawSectionReader.class);
            boolean tagged = p instanceof CBORParser cbor && cbor.getCurrentTag() == RawSections.TAG;
            if (sections == null || !(tagged || !(p instanceof CBORParser))) {
                return (Payload) ctxt.handleUnexpectedToken(Payload.class, p);
            }
            if (p.getNumberType() != JsonParser.NumberType.INT) {
                return (Payload) ctxt.reportInputMismatch(Payload.class, "raw section index " + p.getNumberValue()
                        + " is out of range");
            }
            try {
                PayloadViews views = (PayloadViews) ctxt.getAttribute(PayloadViews.class);
                if (views == null) {
                    return Payload.wrap(sections.take(p.getIntValue()));
                }
                ReceivedPayload view = new ReceivedPayload(sections.view(p.getIntValue()));
                views.add(view);
                return view;
            } catch (IllegalArgumentException e) {
                return (Payload) ctxt.reportInputMismatch(Payload.class, e.getMessage());
            }
        }
        if (token == JsonToken.VALUE_EMBEDDED_OBJECT || token == JsonToken.VALUE_STRING) {
            return Payload.wrap(p.getBinaryValue());
        }
        return (Payload) ctxt.handleUnexpectedToken(Payload.class, p);
    }
}
