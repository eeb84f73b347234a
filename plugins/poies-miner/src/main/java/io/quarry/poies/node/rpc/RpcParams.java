package io.quarry.poies.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.jsonrpc.JsonRpcException;

/**
 * The params of one call, read by position ({@code [a, b]}) or by name ({@code {"height": 5}}); a missing or
 * mistyped param is an {@link JsonRpcException#invalidParams invalid params} error naming it.
 */
final class RpcParams {

    private final JsonNode params;

    RpcParams(JsonNode params) {
        this.params = params;
    }

    /** Refuses any param: for methods that take none. */
    void none() {
        if (params != null && !params.isNull() && params.size() > 0) {
            throw JsonRpcException.invalidParams("params: this method takes none");
        }
    }

    /** The param at {@code index} or named {@code name}, required; further params are refused. */
    JsonNode only(int index, String name) {
        if (params == null || params.isNull()) {
            throw JsonRpcException.invalidParams("params: expected [" + name + "]");
        }
        if (params.isArray()) {
            if (params.size() != index + 1) {
                throw JsonRpcException.invalidParams("params: expected exactly " + (index + 1) + " param(s) ["
                        + name + "], found " + params.size());
            }
            return params.get(index);
        }
        if (params.size() != 1 || !params.has(name)) {
            throw JsonRpcException.invalidParams("params: expected {\"" + name + "\": ...} and nothing else");
        }
        return params.get(name);
    }

    /** A non-negative integer param. */
    long nonNegativeLong(int index, String name) {
        JsonNode value = only(index, name);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw JsonRpcException.invalidParams("params." + name + ": expected an integer >= 0, found " + describe(value));
        }
        return value.longValue();
    }

    /** A string param. */
    String string(int index, String name) {
        JsonNode value = only(index, name);
        if (!value.isTextual()) {
            throw JsonRpcException.invalidParams("params." + name + ": expected a string, found " + describe(value));
        }
        return value.textValue();
    }

    /** An object param. */
    JsonNode object(int index, String name) {
        JsonNode value = only(index, name);
        if (!value.isObject()) {
            throw JsonRpcException.invalidParams("params." + name + ": expected an object, found " + describe(value));
        }
        return value;
    }

    static String describe(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "nothing";
        }
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "the number " + value.asText();
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
