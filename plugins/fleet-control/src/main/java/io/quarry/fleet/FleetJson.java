package io.quarry.fleet;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The plugin's one JSON mapper: strict (unknown properties and trailing tokens fail) and bounded (nesting,
 * string and number lengths), because command payloads and stored records come from outside.
 */
public final class FleetJson {

    /** Largest JSON document the plugin parses from a peer or a client, deploy payloads aside. */
    public static final int MAX_DOCUMENT_BYTES = 256 * 1024;
    /**
     * Largest JSON deploy request ({@code POST remote/{peer}/deploy} with profiles and small base64 files; larger
     * bundles come as a tar body and stream).
     */
    public static final int MAX_DEPLOY_BYTES = 1 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(32).maxStringLength(MAX_DEPLOY_BYTES).maxNumberLength(64).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private FleetJson() {
    }

    /** The shared mapper (thread-safe). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code value} as UTF-8 JSON. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses {@code json} as {@code type}.
     *
     * @throws IllegalArgumentException when it is too large, malformed or has the wrong shape
     */
    public static <T> T read(byte[] json, Class<T> type) {
        return read(json, type, MAX_DOCUMENT_BYTES);
    }

    /** As {@link #read(byte[], Class)} with another size limit. */
    public static <T> T read(byte[] json, Class<T> type, int maxBytes) {
        if (json == null || json.length > maxBytes) {
            throw new IllegalArgumentException("a " + type.getSimpleName() + " document must be present and at most "
                    + maxBytes + " bytes");
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new IllegalArgumentException("a " + type.getSimpleName() + " document must not be null");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && !(e.getCause() instanceof IOException)) {
                throw iae;
            }
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
