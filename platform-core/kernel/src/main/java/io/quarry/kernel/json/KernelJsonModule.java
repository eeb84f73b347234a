package io.quarry.kernel.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.Optional;

/**
 * The serializers every kernel JSON mapper needs for values plugins hand over. jackson-datatype-jsr310 and
 * -jdk8 are not on the class path, and without them Jackson refuses java.time and Optional values outright:
 * Duration becomes seconds (a double), dates and instants ISO-8601 strings, Optional its value or null.
 */
public final class KernelJsonModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    public KernelJsonModule() {
        super("quarry-kernel-json");
        addSerializer(Duration.class, new DurationSeconds());
        addSerializer(Temporal.class, ToStringSerializer.instance);
        addSerializer(new OptionalValue());
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
            provider.defaultSerializeValue(value.orElse(null), gen);
        }

        @Override
        public boolean isEmpty(SerializerProvider provider, Optional value) {
            return value == null || value.isEmpty();
        }
    }
}
