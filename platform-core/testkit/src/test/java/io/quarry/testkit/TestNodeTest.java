package io.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.api.PluginState;
import io.quarry.api.config.ConfigException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestNodeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void healthReportsNodeAndEveryPluginWithItsMiners() throws Exception {
        try (TestNode node = TestNode.builder(dir).plugin("counter", CounterPlugin::new).start()) {
            HttpResponse<String> response = node.get("/health");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode health = JSON.readTree(response.body());
            assertThat(health.path("nodeId").asText()).isEqualTo(node.nodeId()).matches("[0-9a-f]{64}");
            assertThat(health.path("version").asText()).isNotBlank();
            assertThat(health.path("uptimeSeconds").isNumber()).isTrue();
            assertThat(health.path("status").asText()).isEqualTo("UP");
            JsonNode plugin = health.path("plugins").get(0);
            assertThat(plugin.path("id").asText()).isEqualTo("counter");
            assertThat(plugin.path("state").asText()).isEqualTo("STARTED");
            assertThat(plugin.has("error")).isFalse();
            assertThat(plugin.path("miners").get(0).path("id").asText()).isEqualTo("counter/counter");
            assertThat(plugin.path("miners").get(0).path("kind").asText()).isEqualTo("counter");
            assertThat(plugin.path("miners").get(0).path("state").asText()).isEqualTo("STOPPED");
        }
    }

    @Test
    void pluginRoutesStoreConfigAndTokenWorkEndToEnd() throws Exception {
        try (TestNode node = TestNode.builder(dir).plugin("counter", CounterPlugin::new)
                .set("counter.step", "5").set("counter.label", "\"five\"").start()) {
            assertThat(node.post("/api/v1/counter/increment", "{}").body()).contains("\"value\":5");
            assertThat(node.post("/api/v1/counter/increment", "{}").body()).contains("\"value\":10");
            assertThat(node.get("/api/v1/counter/value").body()).contains("\"value\":10").contains("five");

            HttpResponse<String> noToken = node.send(HttpRequest.newBuilder(node.baseUri().resolve("/api/v1/counter/increment"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(noToken.statusCode()).isEqualTo(401);
            assertThat(node.get("/api/v1/nothing/here").statusCode()).isEqualTo(404);
        }
        // The store survives a restart of the node.
        try (TestNode node = TestNode.builder(dir).plugin("counter", CounterPlugin::new).start()) {
            assertThat(node.get("/api/v1/counter/value").body()).contains("\"value\":10");
        }
    }

    @Test
    void failingPluginIsReportedAndItsRoutesGoWhileOthersServe() throws Exception {
        try (TestNode node = TestNode.builder(dir).plugin("counter", CounterPlugin::new)
                .plugin("failing", FailingPlugin::new).start()) {
            JsonNode health = JSON.readTree(node.get("/health").body());
            assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
            JsonNode failing = health.path("plugins").get(1);
            assertThat(failing.path("state").asText()).isEqualTo("FAILED");
            assertThat(failing.path("error").asText()).isEqualTo("start failed: no device");
            assertThat(node.get("/api/v1/failing/alive").statusCode()).isEqualTo(404);
            assertThat(node.get("/api/v1/counter/value").statusCode()).isEqualTo(200);
            assertThat(node.plugins()).extracting(h -> h.state())
                    .containsExactly(PluginState.STARTED, PluginState.FAILED);
        }
    }

    @Test
    void badPluginConfigStopsStartupNamingTheKey() {
        assertThatThrownBy(() -> TestNode.builder(dir).plugin("counter", CounterPlugin::new).set("counter.step", "500").start())
                .isInstanceOf(ConfigException.class).hasMessageContaining("counter.step").hasMessageContaining("100");
        assertThatThrownBy(() -> TestNode.builder(dir).plugin("counter", CounterPlugin::new).set("counter.stpe", "5").start())
                .isInstanceOf(ConfigException.class).hasMessageContaining("counter.stpe");
    }

    @Test
    void minersCanBeListedAndDrivenOverTheApi() throws Exception {
        try (TestNode node = TestNode.builder(dir).plugin("counter", CounterPlugin::new).start()) {
            JsonNode miners = JSON.readTree(node.get("/api/v1/node/miners").body());
            assertThat(miners.get(0).path("stats").path("hashrate").path("tenSeconds").asDouble()).isEqualTo(1.0);
            assertThat(miners.get(0).path("stats").path("sharesAccepted").asLong()).isEqualTo(4);
            assertThat(node.post("/api/v1/node/miners/counter%2Fcounter/start", "").statusCode()).isEqualTo(200);
            assertThat(node.miner("counter/counter").orElseThrow().state().name()).isEqualTo("RUNNING");
            assertThat(node.post("/api/v1/node/miners/nope/start", "").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void pluginMetersCarryThePluginTagAndShowAtMetrics() throws Exception {
        try (TestNode node = TestNode.builder(dir).plugin("counter", CounterPlugin::new).start()) {
            node.post("/api/v1/counter/increment", "{}");
            String metrics = node.get("/metrics").body();
            assertThat(metrics).contains("quarry_counter_posts_total{plugin=\"counter\"} 1.0");
            assertThat(metrics).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void clusterStartsNodesWithDistinctIdentitiesAndPorts() {
        try (TestCluster cluster = TestCluster.start(3, dir, (i, b) -> b.plugin("counter", CounterPlugin::new))) {
            assertThat(cluster.nodes()).extracting(n -> n.nodeId()).doesNotHaveDuplicates();
            assertThat(cluster.nodes()).extracting(n -> n.baseUri().getPort()).doesNotHaveDuplicates();
            assertThat(cluster.nodes()).allSatisfy(n -> assertThat(n.get("/health").statusCode()).isEqualTo(200));
        }
    }
}
