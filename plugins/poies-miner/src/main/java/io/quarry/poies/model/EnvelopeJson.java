package io.quarry.poies.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shape ({@code docs/poies-canonical-header.md} section 6) of a {@link ProofEnvelope}, both ways. */
final class EnvelopeJson {

    private EnvelopeJson() {
    }

    static ProofEnvelope read(JsonNode node, String path) {
        JsonFields e = JsonFields.of(node, path).exactly("type_id", "body", "nullifier");
        String typeId = e.text("type_id");
        ProofBody body = ProofBody.of(members(JsonFields.of(e.get("body"), e.at("body")).node(), e.at("body")),
                e.at("body"));
        Bytes nullifier = e.hex("nullifier", ProofEnvelope.NULLIFIER_LENGTH);
        try {
            return new ProofEnvelope(typeId, body, nullifier);
        } catch (SchemaException error) {
            throw JsonFields.under(path, error); // the type id's characters
        }
    }

    static ObjectNode write(ProofEnvelope envelope) {
        ObjectNode out = PoiesJson.NODES.objectNode();
        out.put("type_id", envelope.typeId());
        out.set("body", value(envelope.body().asMap()));
        out.put("nullifier", envelope.nullifier().toString());
        return out;
    }

    /** The members of a JSON object as plain values for {@link ProofBody#of}, which checks them. */
    private static Map<String, Object> members(JsonNode object, String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            out.put(member.getKey(), plain(member.getValue(), path + "." + member.getKey()));
        }
        return out;
    }

    private static Object plain(JsonNode node, String path) {
        return switch (node.getNodeType()) {
            case OBJECT -> members(node, path);
            case ARRAY -> {
                List<Object> out = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    out.add(plain(node.get(i), path + "[" + i + "]"));
                }
                yield out;
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> {
                if (!node.isIntegralNumber()) {
                    throw new SchemaException(path + ": decimal numbers are not allowed in a proof body"
                            + " (use an integer in fixed-point units, or a string)");
                }
                yield node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
            }
            case NULL -> throw new SchemaException(path + ": null is not allowed in a proof body");
            default -> throw new SchemaException(path + ": not a JSON value");
        };
    }

    private static JsonNode value(Object value) {
        JsonNodeFactory f = PoiesJson.NODES;
        return switch (value) {
            case String s -> f.textNode(s);
            case Boolean b -> f.booleanNode(b);
            case Long l -> f.numberNode(l);
            case BigInteger i -> f.numberNode(i);
            case List<?> list -> {
                ArrayNode out = f.arrayNode(list.size());
                for (Object element : list) {
                    out.add(value(element));
                }
                yield out;
            }
            case Map<?, ?> map -> {
                ObjectNode out = f.objectNode();
                for (Map.Entry<?, ?> member : map.entrySet()) {
                    out.set((String) member.getKey(), value(member.getValue()));
                }
                yield out;
            }
            default -> throw new IllegalStateException("not a normalised body value: " + value.getClass());
        };
    }
}
