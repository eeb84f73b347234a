package io.quarry.kernel.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.jsonrpc.JsonRpcDialect;
import io.quarry.api.jsonrpc.JsonRpcMethods;
import io.quarry.api.jsonrpc.JsonRpcServer;
import io.quarry.api.jsonrpc.JsonRpcSession;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Notifications the server pushes: to one session, and to all. */
class NotificationPushTest {

    @Test
    void pushesAMoneroJobToOneSessionOnly() throws Exception {
        var settings = JsonRpcFixture.loopback("monero").withDialect(JsonRpcDialect.MONERO_STRATUM);
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(settings, s -> TestMethods.methods());
             var alice = new LineSocket(server.address());
             var bob = new LineSocket(server.address())) {
            alice.call("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"login\",\"params\":{\"login\":\"alice\"}}");
            bob.call("{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"login\",\"params\":{\"login\":\"bob\"}}");
            JsonRpcSession aliceSession = server.sessions().stream()
                    .filter(s -> "alice".equals(s.attributes().get("login"))).findFirst().orElseThrow();

            assertThat(aliceSession.notify("job", Map.of("job_id", "7"))).isTrue();

            assertThat(alice.readLine()).isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"job\",\"params\":{\"job_id\":\"7\"}}");
            // Bob's next line is the answer to his own request, not Alice's job.
            assertThat(bob.call("{\"id\":2,\"method\":\"whoami\"}").get("result").asText()).isEqualTo("bob");
        }
    }

    @Test
    void broadcastsAStratumNotifyToEverySession() throws Exception {
        var settings = JsonRpcFixture.loopback("v1").withDialect(JsonRpcDialect.STRATUM_V1);
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(settings, s -> TestMethods.methods());
             var first = new LineSocket(server.address());
             var second = new LineSocket(server.address())) {
            first.call("{\"id\":1,\"method\":\"add\",\"params\":[1,1]}");
            second.call("{\"id\":1,\"method\":\"add\",\"params\":[1,1]}");

            assertThat(server.broadcast("mining.notify", List.of("job-1", true))).isEqualTo(2);

            String expected = "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"job-1\",true]}";
            assertThat(first.readLine()).isEqualTo(expected);
            assertThat(second.readLine()).isEqualTo(expected);
        }
    }

    @Test
    void tellsTheHandlerWhenASessionCloses() throws Exception {
        var closed = new ArrayBlockingQueue<String>(1);
        var methods = new JsonRpcMethods(TestMethods.methods().methods(),
                (session, reason) -> closed.add(session.id() + ": " + reason));
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(JsonRpcFixture.loopback("bye"), s -> methods)) {
            try (var socket = new LineSocket(server.address())) {
                socket.call("{\"id\":1,\"method\":\"add\",\"params\":[1,1]}");
            }
            assertThat(closed.poll(5, TimeUnit.SECONDS)).endsWith("closed by peer");
            assertThat(server.sessions()).isEmpty();
        }
    }
}
