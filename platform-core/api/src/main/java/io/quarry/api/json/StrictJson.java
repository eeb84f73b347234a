package io.quarry.api.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.Objects;

/**
 * The one way Quarry reads JSON it did not write (JSON-RPC lines and bodies, daemon answers, templates,
 * envelopes, policy files): RFC 8259 only (Jackson's defaults refuse comments, trailing commas, NaN, leading
 * zeros and raw control characters), duplicate keys refused, nothing after the document, nesting, number,
 * name, string and document lengths bounded, and the peer's bytes never quoted back in an error message.
 *
 * <p>Every read failure is a {@link JacksonException}. Jackson itself lets one through as a
 * {@link NumberFormatException} (a number it cannot hold, such as {@code 1e9999999990000} read exactly);
 * {@link #read} turns that into a {@link JsonParseException} too, so each decoder maps every malformed document
 * to its own parse error in one place, and {@link #describe} says what went wrong without quoting the input.
 * Instances are immutable and thread-safe; make one per decoder and keep it in a constant.
 *
 * <pre>{@code
 * private static final StrictJson JSON = StrictJson.builder().maxDepth(16).maxDocumentBytes(64 * 1024).build();
 * JsonNode tree = JSON.read(bytes);
 * }</pre>
 */
public final class StrictJson {

    /** Longest number literal accepted, in characters (a 256-bit integer is 78 digits). */
    public static final int MAX_NUMBER_LENGTH = 100;
    /** Deepest nesting accepted unless the decoder asks for less (or more). */
    public static final int DEFAULT_MAX_DEPTH = 64;
    /** Longest member name accepted by default. */
    public static final int DEFAULT_MAX_NAME_LENGTH = 256;
    /** Longest string value accepted by default. */
    public static final int DEFAULT_MAX_STRING_LENGTH = 1024 * 1024;

    private final ObjectMapper mapper;
    private final long maxDocumentBytes;

    private StrictJson(ObjectMapper mapper, long maxDocumentBytes) {
        this.mapper = mapper;
        this.maxDocumentBytes = maxDocumentBytes;
    }

    /** Every limit at its default, decimals as doubles. */
    public static StrictJson standard() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads one document; empty (or all-whitespace) input gives null.
     *
     * @throws JacksonException when it is not one valid JSON document within the limits
     */
    public JsonNode read(byte[] json) throws JacksonException {
        Objects.requireNonNull(json, "json");
        checkLength(json.length);
        return read(() -> mapper.createParser(json));
    }

    /** {@link #read(byte[])} for text (messages then give character offsets). */
    public JsonNode read(String json) throws JacksonException {
        Objects.requireNonNull(json, "json");
        checkLength(json.length());
        return read(() -> mapper.createParser(json));
    }

    /**
     * Reads one document as plain Java values: {@code Map} (in document order), {@code List}, {@code String},
     * {@code Boolean}, {@code Integer}/{@code Long}/{@code BigInteger}, {@code Double} (or {@code BigDecimal}
     * with {@link Builder#exactDecimals(boolean)}), or null.
     *
     * @throws JacksonException when it is not one valid JSON document within the limits
     */
    public Object readPlain(byte[] json) throws JacksonException {
        Objects.requireNonNull(json, "json");
        checkLength(json.length);
        try (JsonParser parser = mapper.createParser(json)) {
            try {
                return mapper.readValue(parser, Object.class);
            } catch (NumberFormatException e) {
                throw new OutOfRange(parser);
            }
        } catch (JacksonException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading JSON from memory failed", e); // bytes cannot fail
        }
    }

    /**
     * What went wrong in {@code error} without quoting the input (Jackson's own messages quote the offending
     * token): "not valid JSON", "a number out of range" or "not valid JSON within the size limits", with the character offset
     * when known.
     */
    public static String describe(JacksonException error) {
        long at = error.getLocation() == null ? -1 : error.getLocation().getCharOffset();
        String what;
        if (error instanceof OutOfRange) {
            what = OutOfRange.MESSAGE;
        } else if (error instanceof StreamConstraintsException) {
            what = "not valid JSON within the size limits (nesting, number, name, string or document length)";
        } else {
            what = "not valid JSON";
        }
        return what + (at >= 0 ? " (at character " + at + ")" : "");
    }

    /** The mapper, for writing (and converting values) with the same settings. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** The longest document accepted, in bytes (characters for text). */
    public long maxDocumentBytes() {
        return maxDocumentBytes;
    }

    /** Jackson checks the document length only when it refills a buffer, never for input already in memory. */
    private void checkLength(long length) throws StreamConstraintsException {
        if (length > maxDocumentBytes) {
            throw new StreamConstraintsException("document of " + length + " bytes is over the limit of "
                    + maxDocumentBytes);
        }
    }

    private JsonNode read(ParserSource source) throws JacksonException {
        try (JsonParser parser = source.open()) {
            try {
                return mapper.readTree(parser);
            } catch (NumberFormatException e) {
                throw new OutOfRange(parser);
            }
        } catch (JacksonException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading JSON from memory failed", e); // bytes and strings cannot fail
        }
    }

    /** Opens a parser over input already in memory. */
    @FunctionalInterface
    private interface ParserSource {
        JsonParser open() throws IOException;
    }

    /** A number Jackson cannot hold; the NumberFormatException's message quotes the number, so it is dropped. */
    private static final class OutOfRange extends JsonParseException {

        private static final long serialVersionUID = 1L;
        static final String MESSAGE = "a number out of range (its exponent or size cannot be represented)";

        OutOfRange(JsonParser parser) {
            super(parser, MESSAGE);
        }
    }

    /** Limits and number handling of a {@link StrictJson}; every setter returns this builder. */
    public static final class Builder {

        private int maxDepth = DEFAULT_MAX_DEPTH;
        private long maxDocumentBytes = -1;
        private int maxNameLength = DEFAULT_MAX_NAME_LENGTH;
        private int maxStringLength = DEFAULT_MAX_STRING_LENGTH;
        private boolean exactDecimals;

        private Builder() {
        }

        /** Deepest nesting of arrays and objects; at least 1. */
        public Builder maxDepth(int depth) {
            this.maxDepth = atLeast("maxDepth", depth, 1);
            return this;
        }

        /** Longest document in bytes (characters for text); unlimited unless set. */
        public Builder maxDocumentBytes(long bytes) {
            this.maxDocumentBytes = atLeast("maxDocumentBytes", bytes, 1);
            return this;
        }

        /** Longest member name. */
        public Builder maxNameLength(int length) {
            this.maxNameLength = atLeast("maxNameLength", length, 1);
            return this;
        }

        /** Longest string value. */
        public Builder maxStringLength(int length) {
            this.maxStringLength = atLeast("maxStringLength", length, 1);
            return this;
        }

        /**
         * Whether fractions are read as exact {@code BigDecimal}s (trees keep them as written, and they are
         * written back in plain notation) instead of doubles.
         */
        public Builder exactDecimals(boolean exact) {
            this.exactDecimals = exact;
            return this;
        }

        /** The configured reader. */
        public StrictJson build() {
            StreamReadConstraints.Builder constraints = StreamReadConstraints.builder()
                    .maxNestingDepth(maxDepth)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxNameLength(maxNameLength)
                    .maxStringLength(maxStringLength);
            if (maxDocumentBytes > 0) {
                constraints.maxDocumentLength(maxDocumentBytes);
            }
            JsonMapper.Builder mapper = JsonMapper.builder(JsonFactory.builder()
                            .streamReadConstraints(constraints.build()).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION) // never echo a peer's bytes
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
            if (exactDecimals) {
                mapper.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                        .nodeFactory(JsonNodeFactory.withExactBigDecimals(true));
            }
            return new StrictJson(mapper.build(), maxDocumentBytes > 0 ? maxDocumentBytes : Long.MAX_VALUE);
        }

        private static int atLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
            }
            return value;
        }

        private static long atLeast(String name, long value, long min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
            }
            return value;
        }
    }
}
