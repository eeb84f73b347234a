package io.quarry.poies.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.http.Http;
import io.quarry.api.http.WebSocketHandler;
import io.quarry.api.http.WebSocketSession;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.target.ShareTarget;
import io.quarry.testkit.TestNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The miner's WebSocket client against a node that misbehaves: oversize messages, text that is not JSON-RPC, a
 * template that breaks the documented template shape, a refused subscribe. Each makes the client drop the connection
 * (with the reason) and reconnect, never hand bad work to the miner.
 */
class GetworkClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void dropsANodeThatSendsAnOversizeMessageAndReconnects() throws Exception {
        assertDropped((session, id) -> {
            session.send(result(id, "\"0x01\""));
            session.send("{\"jsonrpc\":\"2.0\",\"method\":\"miner.newWork\",\"params\":[\""
                    + "x".repeat(GetworkClient.MAX_MESSAGE_CHARS) + "\"]}");
        }, "over " + GetworkClient.MAX_MESSAGE_CHARS);
    }

    @Test
    void dropsANodeThatSendsGarbage() throws Exception {
        assertDropped((session, id) -> {
            session.send(result(id, "\"0x01\""));
            session.send("}{ not json");
        }, "not JSON-RPC");
    }

    @Test
    void dropsANodeWhoseTemplateBreaksTheSeedShape() throws Exception {
        assertDropped((session, id) -> {
            session.send(result(id, "\"0x01\""));
            session.send("{\"jsonrpc\":\"2.0\",\"method\":\"miner.newWork\",\"params\":[{\"chainId\":-1}]}");
        }, "miner.newWork params[0]");
    }

    @Test
    void treatsARefusedSubscribeAsAFailedConnection() throws Exception {
        assertDropped((session, id) -> session.send("{\"jsonrpc\":\"2.0\",\"id\":" + id
                + ",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}"), "refused miner_subscribe");
    }

    private static String result(long id, String json) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + json + "}";
    }

    private void assertDropped(BiConsumer<WebSocketSession, Long> onSubscribe, String reasonPart) throws Exception {
        AtomicInteger subscribes = new AtomicInteger();
        List<String> reasons = new CopyOnWriteArrayList<>();
        List<HeaderTemplate> templates = new CopyOnWriteArrayList<>();
        try (TestNode node = TestNode.builder(dir).plugin("hostile", () -> new HostileNode((session, id) -> {
            subscribes.incrementAndGet();
            onSubscribe.accept(session, id);
        })).start();
                GetworkClient client = new GetworkClient(URI.create("ws://127.0.0.1:"
                        + node.httpAddress().getPort() + "/api/v1/hostile/ws"), Optional.empty(),
                        new GetworkClient.Listener() {
                            @Override
                            public void onShareTarget(ShareTarget target) {
                            }

                            @Override
                            public void onTemplate(HeaderTemplate template) {
                                templates.add(template);
                            }

                            @Override
                            public void onDisconnected(String reason) {
                                reasons.add(reason);
                            }
                        }, Duration.ofSeconds(5))) {
            client.start();
            // Backoff starts at 1 s: a second subscribe shows the client reconnected.
            assertThat(PoiesTestNodes.await(15, () -> subscribes.get() >= 2)).as("reasons %s", reasons).isTrue();
            assertThat(reasons).isNotEmpty().allSatisfy(r -> assertThat(r).contains(reasonPart));
            assertThat(templates).isEmpty();
        }
    }

    /** A node whose WebSocket answers subscribes with whatever the test says. */
    private static final class HostileNode implements QuarryPlugin {
        private final BiConsumer<WebSocketSession, Long> onSubscribe;

        HostileNode(BiConsumer<WebSocketSession, Long> onSubscribe) {
            this.onSubscribe = onSubscribe;
        }

        @Override
        public void init(NodeContext context) {
            context.http().websocket("ws", Http.Access.OPEN, upgrade -> new WebSocketHandler() {
                @Override
                public void onText(WebSocketSession session, String text) {
                    JsonNode request;
                    try {
                        request = JSON.readTree(text);
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("the client sent something that is not JSON", e);
                    }
                    if ("miner_subscribe".equals(request.path("method").asText())) {
                        onSubscribe.accept(session, request.path("id").longValue());
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
}
