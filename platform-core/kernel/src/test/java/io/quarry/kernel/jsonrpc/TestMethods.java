package io.quarry.kernel.jsonrpc;

import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcMethods;
import java.util.Map;

/** A small method table shaped like a Stratum server's, for the server tests. */
final class TestMethods {

    private TestMethods() {
    }

    static JsonRpcMethods methods() {
        return new JsonRpcMethods(Map.of(
                "echo", (session, request) -> request.params(),
                "add", (session, request) -> request.params().get(0).asLong() + request.params().get(1).asLong(),
                "login", (session, request) -> {
                    session.attributes().put("login", request.params().get("login").asString());
                    return Map.of("id", session.id(), "status", "OK");
                },
                "whoami", (session, request) -> session.attribute("login", String.class)
                        .orElseThrow(() -> new JsonRpcException(24, "Unauthorized worker")),
                "boom", (session, request) -> {
                    throw new IllegalStateException("secret detail /etc/quarry/key.pem");
                }));
    }
}
