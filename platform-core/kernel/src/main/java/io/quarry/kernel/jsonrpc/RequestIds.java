package io.quarry.kernel.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which request ids the servers echo. JSON-RPC 2.0 lets an id be a string or a number and says numbers should
 * be integers; an id is echoed back verbatim, so one that cannot round-trip ({@code 1e99999999} parses as
 * infinity) or that makes every answer huge (a 400-digit number) is refused as an invalid request instead.
 */
final class RequestIds {

    /** Longest string id echoed; real clients use counters or short tokens. */
    static final int MAX_STRING_ID = 256;

    private RequestIds() {
    }

    /** Why {@code id} (a number or string node) is refused, or null when it is fine. */
    static String problem(JsonNode id) {
        if (id.isTextual()) {
            return id.textValue().length() > MAX_STRING_ID
                    ? "Invalid request: a string id must be at most " + MAX_STRING_ID + " characters" : null;
        }
        if (id.isIntegralNumber()) {
            return id.canConvertToLong() ? null : "Invalid request: a numeric id must fit in 64 bits";
        }
        return Double.isFinite(id.doubleValue()) ? null : "Invalid request: a numeric id must be finite";
    }
}
