package com.example.hello;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.api.transport.PeerAddress;
import io.quarry.testkit.TestCluster;
import io.quarry.testkit.TestNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two nodes in the test JVM greeting each other over the kernel's transport. */
class HelloClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aNodeGreetsAnotherOverTheTransportAndTheOtherKeepsTheGreeting() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, dir, (i, node) -> node
                .plugin("hello-miner", HelloMinerPlugin::new)
                .set("node.name", "\"node-" + i + "\"")
                .set("hello-miner.greeting", "\"hi-" + i + "\""))) {
            TestNode a = cluster.node(0);
            TestNode b = cluster.node(1);

            HttpResponse<String> response = a.post(greetPeer(b.peerAddress(), "good morning"), "");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode reply = JSON.readTree(response.body());
            assertThat(reply.path("text").asText()).isEqualTo("hi-1 from node-1");
            assertThat(reply.path("count").asLong()).isEqualTo(1);

            JsonNode bStatus = JSON.readTree(b.get("/api/v1/hello-miner/status").body());
            assertThat(bStatus.path("greetings").asLong()).isEqualTo(1);
            assertThat(bStatus.path("lastGreeting").asText())
                    .isEqualTo("node-0 (" + a.nodeId().substring(0, 12) + "): good morning");
        }
    }

    @Test
    void greetingANodeUnderTheWrongIdFailsWithTheTransportsReason() throws Exception {
        try (TestCluster cluster = TestCluster.start(2, dir, (i, node) -> node.plugin("hello-miner", HelloMinerPlugin::new))) {
            TestNode a = cluster.node(0);
            TestNode b = cluster.node(1);
            // b's port, but a node id b cannot prove: the TLS handshake fails naming the key b has.
            PeerAddress impostor = new PeerAddress("0".repeat(64), "127.0.0.1", b.peerAddress().port());
            HttpResponse<String> response = a.post(greetPeer(impostor, "hi"), "");
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).contains(b.nodeId());
            assertThat(a.post("/api/v1/hello-miner/greet-peer?host=127.0.0.1", "").statusCode()).isEqualTo(400);
        }
    }

    private static String greetPeer(PeerAddress peer, String text) {
        return "/api/v1/hello-miner/greet-peer?node=" + peer.nodeId() + "&host=" + peer.host() + "&port=" + peer.port()
                + "&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
