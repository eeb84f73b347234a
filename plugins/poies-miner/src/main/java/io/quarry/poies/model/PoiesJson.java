package io.quarry.poies.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON forms of {@code docs/poies-canonical-header.md}: templates, proof envelopes including HashShares, and
 * blocks. Reading is strict: documents over their size limit, duplicate keys, unknown or missing members, nulls, type
 * coercions (a number in a string, a decimal where an integer belongs), bad hex and trailing content are all {@link
 * SchemaException}s whose message names the member. Writing produces exactly the documented member names.
 *
 * <p>Three input forms: JSON text, a Jackson tree, and the plain Java values a JSON-RPC handler receives
 * ({@code JsonRpcValue.value()}: maps, lists, strings, numbers, booleans). Output is text, a tree, or plain values
 * (maps in member order) that any JSON writer renders in the documented shape.
 */
public final class PoiesJson {

    /** Largest template document, in bytes of UTF-8. */
    public static final int MAX_TEMPLATE_BYTES = 8 * 1024;
    /** Largest proof envelope document, in bytes of UTF-8. */
    public static final int MAX_ENVELOPE_BYTES = 2 * ProofBody.MAX_CANONICAL_BYTES;
    /** Largest block document, in bytes of UTF-8. */
    public static final int MAX_BLOCK_BYTES = MAX_TEMPLATE_BYTES + (Block.MAX_PROOFS + 1) * MAX_ENVELOPE_BYTES;
    /** Deepest nesting of arrays and objects in any document. */
    public static final int MAX_DEPTH = ProofBody.MAX_DEPTH + 6;

    /** Node factory keeping decimals exactly as written. */
    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private static final StrictJson JSON = StrictJson.of(StrictJson.limits()
                    .maxDocumentLength(MAX_BLOCK_BYTES)
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_ENVELOPE_BYTES)
                    .maxNameLength(ProofBody.MAX_KEY_LENGTH * 4)
                    .build(), NODES);

    private PoiesJson() {
    }

    // ---- templates

    /** Reads a template from JSON text. */
    public static HeaderTemplate parseTemplate(String json) {
        return TemplateJson.read(parse(json, MAX_TEMPLATE_BYTES, "template"), "");
    }

    /** Reads a template from plain JSON-RPC values (a map). */
    public static HeaderTemplate templateFromPlain(Object value) {
        return TemplateJson.read(fromPlain(value, MAX_TEMPLATE_BYTES, "template"), "");
    }

    /** Reads a template from a Jackson tree (no size check: the tree is already in memory). */
    public static HeaderTemplate templateFromTree(JsonNode tree) {
        return TemplateJson.read(tree, "");
    }

    /** The template as a Jackson tree. */
    public static ObjectNode toTree(HeaderTemplate template) {
        return TemplateJson.write(template);
    }

    /** The template as compact JSON text. */
    public static String toJson(HeaderTemplate template) {
        return write(toTree(template));
    }

    /** The template as plain values (maps in member order, {@code Long}, {@code BigDecimal}, strings). */
    public static Map<String, Object> toPlain(HeaderTemplate template) {
        return plainObject(toTree(template));
    }

    // ---- proof envelopes (HashShare included: see HashShare#toEnvelope / #fromEnvelope)

    /** Reads a proof envelope from JSON text. */
    public static ProofEnvelope parseEnvelope(String json) {
        return EnvelopeJson.read(parse(json, MAX_ENVELOPE_BYTES, "proof envelope"), "");
    }

    /** Reads a proof envelope from plain JSON-RPC values (a map). */
    public static ProofEnvelope envelopeFromPlain(Object value) {
        return EnvelopeJson.read(fromPlain(value, MAX_ENVELOPE_BYTES, "proof envelope"), "");
    }

    /** Reads a proof envelope from a Jackson tree. */
    public static ProofEnvelope envelopeFromTree(JsonNode tree) {
        return EnvelopeJson.read(tree, "");
    }

    /** The envelope as a Jackson tree. */
    public static ObjectNode toTree(ProofEnvelope envelope) {
        return EnvelopeJson.write(envelope);
    }

    /** The envelope as compact JSON text. */
    public static String toJson(ProofEnvelope envelope) {
        return write(toTree(envelope));
    }

    /** The envelope as plain values. */
    public static Map<String, Object> toPlain(ProofEnvelope envelope) {
        return plainObject(toTree(envelope));
    }

    // ---- blocks

    /** Reads a block from JSON text; the block's parts must link (see {@link Block}). */
    public static Block parseBlock(String json) {
        return BlockJson.read(parse(json, MAX_BLOCK_BYTES, "block"));
    }

    /** Reads a block from plain JSON-RPC values (a map). */
    public static Block blockFromPlain(Object value) {
        return BlockJson.read(fromPlain(value, MAX_BLOCK_BYTES, "block"));
    }

    /** Reads a block from a Jackson tree. */
    public static Block blockFromTree(JsonNode tree) {
        return BlockJson.read(tree);
    }

    /** The block as a Jackson tree. */
    public static ObjectNode toTree(Block block) {
        return BlockJson.write(block);
    }

    /** The block as compact JSON text. */
    public static String toJson(Block block) {
        return write(toTree(block));
    }

    /** The block as plain values. */
    public static Map<String, Object> toPlain(Block block) {
        return plainObject(toTree(block));
    }

    // ---- plumbing

    private static JsonNode parse(String json, int limit, String what) {
        if (json.length() > limit) { // a UTF-8 encoding is never shorter than its char count
            throw tooLarge(what, json.length(), limit);
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > limit) {
            throw tooLarge(what, bytes.length, limit);
        }
        try {
            JsonNode tree = JSON.read(bytes);
            if (tree == null || tree.isMissingNode()) {
                throw new SchemaException(what + ": empty document");
            }
            return tree;
        } catch (JacksonException e) {
            throw new SchemaException(what + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode fromPlain(Object value, int limit, String what) {
        if (!(value instanceof Map<?, ?>)) {
            throw new SchemaException(what + ": expected an object, found "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        byte[] bytes;
        try {
            bytes = JSON.mapper().writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new SchemaException(what + ": not a JSON value: " + e.getOriginalMessage(), e);
        }
        if (bytes.length > limit) {
            throw tooLarge(what, bytes.length, limit);
        }
        // Re-read the bytes: plain doubles come back as exact decimals and every text-level limit applies.
        return parse(new String(bytes, StandardCharsets.UTF_8), limit, what);
    }

    private static String write(JsonNode tree) {
        try {
            return JSON.mapper().writeValueAsString(tree);
        } catch (JacksonException e) {
            throw new IllegalStateException("a tree built from a valid model object did not serialise", e);
        }
    }

    private static SchemaException tooLarge(String what, int size, int limit) {
        return new SchemaException(what + ": " + size + " bytes, at most " + limit + " are allowed");
    }

    private static Map<String, Object> plainObject(JsonNode object) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            out.put(member.getKey(), plain(member.getValue()));
        }
        return out;
    }

    private static Object plain(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> plainObject(node);
            case ARRAY -> {
                List<Object> out = new ArrayList<>(node.size());
                node.forEach(element -> out.add(plain(element)));
                yield out;
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.isIntegralNumber()
                    ? (node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue())
                    : node.decimalValue();
            default -> null;
        };
    }
}
