package io.quarry.poies.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.Objects;

/**
 * The one way this plugin reads JSON it did not write (templates, envelopes and blocks, JSON-RPC requests and
 * answers, WebSocket getwork messages, the policy file): bounded by the caller's {@link StreamReadConstraints},
 * duplicate keys refused, nothing after the document, decimals read as exact {@code BigDecimal}s, and the peer's
 * bytes never quoted back in a message. Writing renders decimals in plain notation.
 *
 * <p>Every read failure is a {@link JacksonException}. Jackson itself lets one through as a
 * {@link NumberFormatException}: a number it cannot hold as a {@code BigDecimal} ({@code 1e9999999990000}, an
 * exponent beyond the int range); {@link #read} turns that into a {@link JsonParseException} too, so each
 * decoder maps every malformed document to its own parse error in one place, and {@link #describe} says what
 * went wrong without quoting the input. Thread-safe.
 */
public final class StrictJson {

    /** Longest number literal accepted, in characters (a 256-bit integer is 78 digits). */
    public static final int MAX_NUMBER_LENGTH = 100;

    private final ObjectMapper mapper;

    private StrictJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * A reader within {@code limits} whose trees are made by {@code nodes}
     * ({@code JsonNodeFactory.withExactBigDecimals(true)} keeps decimals as written).
     */
    public static StrictJson of(StreamReadConstraints limits, JsonNodeFactory nodes) {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(nodes, "nodes");
        return new StrictJson(JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION) // never echo a peer's bytes into messages
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .nodeFactory(nodes)
                .build());
    }

    /** Constraints with the plugin's number-length limit, for callers to add their own limits to. */
    public static StreamReadConstraints.Builder limits() {
        return StreamReadConstraints.builder().maxNumberLength(MAX_NUMBER_LENGTH);
    }

    /**
     * Reads one document; empty (or all-whitespace) input gives null.
     *
     * @throws JacksonException when it is not one valid JSON document within the limits
     */
    public JsonNode read(byte[] json) throws JacksonException {
        Objects.requireNonNull(json, "json");
        return read(() -> mapper.createParser(json));
    }

    /** {@link #read(byte[])} for text (messages then give character offsets). */
    public JsonNode read(String json) throws JacksonException {
        Objects.requireNonNull(json, "json");
        return read(() -> mapper.createParser(json));
    }

    /**
     * What went wrong in {@code error} without quoting the input (Jackson's own messages quote the offending
     * token): "not valid JSON" or "a number out of range", with the character offset when known.
     */
    public static String describe(JacksonException error) {
        long at = error.getLocation() == null ? -1 : error.getLocation().getCharOffset();
        return (error instanceof OutOfRange ? OutOfRange.MESSAGE : "not valid JSON")
                + (at >= 0 ? " (at character " + at + ")" : "");
    }

    /** The mapper, for writing (and for converting values) with the same settings. */
    public ObjectMapper mapper() {
        return mapper;
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
}
