package io.quarry.poies.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.http.WebSocketSession;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.node.Work;
import io.quarry.testing.HostileInput;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile messages straight into a getwork session (no network): random noise and mutations of valid
 * subscribes and submits. Whatever arrives, the session must not throw, must answer only with well-formed
 * JSON-RPC 2.0, at most once per message, and must keep serving until the strike limit closes it.
 */
class GetworkFuzzTest {

    private static final long THETA = 20_000_000;

    @Test
    void survivesHostileMessagesAndAnswersOnlyWithWellFormedJsonRpc() throws Exception {
        Work work = Templates.work(3, "tpl-3", THETA);
        FakeNode fake = new FakeNode(work, 10_000);
        GetworkEndpoint endpoint = new GetworkEndpoint(fake, new SimpleMeterRegistry(), "fuzz.ws");
        endpoint.start();
        String share = PoiesJson.toJson(FakeNode.share(work, FakeNode.find(work, 0, ppm -> ppm >= 10_000)));
        List<byte[]> samples = List.of(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"miner_subscribe\",\"params\":[\"newWork\"]}".getBytes(
                        StandardCharsets.UTF_8),
                ("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"miner_submitShare\",\"params\":[" + share + "]}")
                        .getBytes(StandardCharsets.UTF_8),
                ("{\"jsonrpc\":\"2.0\",\"method\":\"miner.submitShare\",\"params\":[" + share + "]}")
                        .getBytes(StandardCharsets.UTF_8));
        int cases = HostileInput.cases(2000);
        RecordingSession socket = new RecordingSession();
        GetworkSession session = open(endpoint, socket);
        for (int i = 0; i < cases; i++) {
            HostileInput input = HostileInput.forCase(i);
            byte[] bytes = input.nextInt(4) == 0 ? input.noise(300) : input.mutate(samples);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int before = socket.sent.size();
            session.onText(socket, text);
            List<JsonNode> answers = new ArrayList<>();
            for (String out : socket.sent.subList(before, socket.sent.size())) {
                JsonNode message = WsTestClient.JSON.readTree(out);
                assertThat(message.path("jsonrpc").asText()).as("case %d: %s", i, out).isEqualTo("2.0");
                if (message.has("method")) {
                    assertThat(message.path("method").asText()).isIn(GetworkJson.NEW_WORK, GetworkJson.SHARE_TARGET);
                    assertThat(message.has("id")).isFalse();
                } else {
                    assertThat(message.has("result") ^ message.has("error")).as("case %d: %s", i, out).isTrue();
                    if (message.has("error")) {
                        assertThat(message.path("error").path("code").isInt()).isTrue();
                        assertThat(message.path("error").path("message").asText()).isNotBlank();
                    }
                    answers.add(message);
                }
            }
            assertThat(answers).as("case %d answered more than once", i).hasSizeLessThanOrEqualTo(1);
            if (!socket.open) {
                session.onClose(socket);
                socket = new RecordingSession();
                session = open(endpoint, socket);
            }
        }
        endpoint.close();
    }

    private static GetworkSession open(GetworkEndpoint endpoint, RecordingSession socket) {
        GetworkSession session = new GetworkSession(endpoint);
        session.onOpen(socket);
        return session;
    }

    /** A WebSocket session that keeps what is sent. */
    private static final class RecordingSession implements WebSocketSession {
        final List<String> sent = new ArrayList<>();
        boolean open = true;

        @Override
        public String id() {
            return "ws-fuzz";
        }

        @Override
        public InetSocketAddress remote() {
            return new InetSocketAddress("127.0.0.1", 5555);
        }

        @Override
        public synchronized boolean send(String text) {
            if (!open) {
                return false;
            }
            sent.add(text);
            return true;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
