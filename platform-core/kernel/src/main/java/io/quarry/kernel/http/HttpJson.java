package io.quarry.kernel.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.Optional;

/**
 * The JSON mapper for API responses. jackson-datatype-jsr310 and -jdk8 are not on the classpath, and without
 * them Jackson refuses java.time and Optional values outright, so this registers small serializers:
 * Duration as seconds (a double), dates and instants as ISO-8601 strings, Optional as its value or null.
 */
final class HttpJson {

    /** Thread-safe once configured; shared by every request. */
    static final ObjectMapper MAPPER = create();

    private HttpJson() {
    }

    private static ObjectMapper create() {
        SimpleModule module = new SimpleModule("quarry-http");
        module.addSerializer(Duration.class, new DurationSeconds());
        module.addSerializer(Temporal.class, ToStringSerializer.instance);
        module.addSerializer(new OptionalValue());
        return new ObjectMapper()
                .registerModule(module)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    private static final class DurationSeconds extends StdSerializer<Duration> {
        private static final long serialVersionUID = 1L;

        DurationSeconds() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(value.getSeconds() + value.getNano() / 1e9);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class OptionalValue extends StdSerializer<Optional> {
        private static final long serialVersionUID = 1L;

        OptionalValue() {
            super(Optional.class);
        }

        @Override
        public void serialize(Optional value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.isPresent()) {
                provider.defaultSerializeValue(value.get(), gen);
            } else {
                gen.writeNull();
            }
        }

        @Override
        public boolean isEmpty(SerializerProvider provider, Optional value) {
            return value == null || value.isEmpty();
        }
    }
}
