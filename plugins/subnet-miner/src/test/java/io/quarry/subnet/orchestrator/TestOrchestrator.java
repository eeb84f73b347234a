package io.quarry.subnet.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.http.Http.Access;
import io.quarry.api.http.WebSocketHandler;
import io.quarry.api.http.WebSocketSession;
import io.quarry.subnet.crypto.Ss58;
import io.quarry.subnet.crypto.SubstrateSignatures;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A small orchestrator, as a plugin of a second test node: accepts miners at {@code /api/v1/orchestrator/jobs},
 * checks their authentication signature, then sends the given jobs and collects the results.
 */
final class TestOrchestrator implements QuarryPlugin {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each miner's X-Miner-Hotkey header and whether its authenticate message verified. */
    record Auth(String headerHotkey, String hotkey, boolean signatureValid, JsonNode gpuInfo) {
    }

    final BlockingQueue<Auth> auths = new LinkedBlockingQueue<>();
    final BlockingQueue<JsonNode> results = new LinkedBlockingQueue<>();
    final BlockingQueue<WebSocketSession> sessions = new LinkedBlockingQueue<>();
    private final List<String> jobs;

    TestOrchestrator(List<String> jobs) {
        this.jobs = jobs;
    }

    @Override
    public void init(NodeContext context) {
        context.http().websocket("jobs", Access.OPEN, upgrade -> new WebSocketHandler() {
            private final String header = upgrade.header("X-Miner-Hotkey").orElse("");

            @Override
            public void onOpen(WebSocketSession session) {
                sessions.add(session);
            }

            @Override
            public void onText(WebSocketSession session, String text) {
                try {
                    JsonNode message = JSON.readTree(text);
                    switch (message.path("event").asText()) {
                        case "authenticate" -> authenticate(session, message);
                        case "result" -> results.add(message);
                        default -> throw new IllegalStateException("unexpected " + text);
                    }
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }

            private void authenticate(WebSocketSession session, JsonNode message) {
                String hotkey = message.path("hotkey").asText();
                String signed = "auth:" + hotkey + ":" + message.path("timestamp").asText();
                boolean valid = SubstrateSignatures.verify(signed.getBytes(StandardCharsets.UTF_8),
                        HexFormat.of().parseHex(message.path("signature").asText()),
                        Ss58.decode(hotkey).publicKey()).isPresent();
                auths.add(new Auth(header, hotkey, valid, message.get("gpu_info")));
                session.send("{\"event\":\"authenticated\"}");
                for (String job : jobs) {
                    session.send(job);
                }
            }
        });
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }
}
