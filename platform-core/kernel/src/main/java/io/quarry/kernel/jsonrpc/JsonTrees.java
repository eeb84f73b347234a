package io.quarry.kernel.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jackson trees to the plain Java values {@link io.quarry.api.jsonrpc.JsonRpcValue} promises, so no Jackson
 * type crosses into plugin code (plugins do not share the kernel's Jackson classes).
 */
final class JsonTrees {

    private JsonTrees() {
    }

    static Object toJava(JsonNode node) {
        return toJava(node, false);
    }

    /** As {@link #toJava(JsonNode)}; with {@code exact}, fractions stay the {@code BigDecimal}s they were read as. */
    static Object toJava(JsonNode node, boolean exact) {
        if (node == null) {
            return null;
        }
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> member : node.properties()) {
                    map.put(member.getKey(), toJava(member.getValue(), exact));
                }
                yield Collections.unmodifiableMap(map);
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode element : node) {
                    list.add(toJava(element, exact));
                }
                yield Collections.unmodifiableList(list);
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> exact && !node.isIntegralNumber() ? node.decimalValue() : number(node);
            // NULL and MISSING; BINARY and POJO never come out of a parser.
            default -> null;
        };
    }

    /** Integers as Long (BigInteger beyond 64 bits), everything else as Double. */
    static Number number(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Number) node.longValue() : node.bigIntegerValue();
        }
        return node.doubleValue();
    }
}
