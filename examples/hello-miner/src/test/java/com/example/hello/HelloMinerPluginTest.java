package com.example.hello;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.api.PluginState;
import io.quarry.api.miner.MinerState;
import io.quarry.testkit.LineRpcClient;
import io.quarry.testkit.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin on a real node in the test JVM: its miner, routes, JSON-RPC method, store and panel. */
class HelloMinerPluginTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void registersARunningMinerAndAPanelThatHealthReports() throws Exception {
        try (TestNode node = TestNode.builder(dir).plugin("hello-miner", HelloMinerPlugin::new).start()) {
            assertThat(node.plugin("hello-miner").orElseThrow().state()).isEqualTo(PluginState.STARTED);
            assertThat(node.miner(HelloMinerPlugin.MINER_ID).orElseThrow().state()).isEqualTo(MinerState.RUNNING);

            JsonNode plugin = JSON.readTree(node.get("/health").body()).path("plugins").get(0);
            assertThat(plugin.path("id").asText()).isEqualTo("hello-miner");
            assertThat(plugin.path("panel").asText()).isEqualTo("/plugins/hello-miner/");
            assertThat(plugin.path("miners").get(0).path("id").asText()).isEqualTo(HelloMinerPlugin.MINER_ID);

            assertThat(node.get("/plugins/hello-miner/").body()).contains("<h1>Hello miner</h1>");
            assertThat(node.get("/plugins/hello-miner/panel.js").body()).contains("/api/v1/hello-miner/status");
            assertThat(status(node).path("greeting").asText()).isEqualTo("hello");
            assertThat(status(node).path("rpc").asText()).as("JSON-RPC is off by default").isEmpty();
        }
    }

    @Test
    void findsSharesWhileRunning() throws Exception {
        try (TestNode node = TestNode.builder(dir).plugin("hello-miner", HelloMinerPlugin::new)
                .set("hello-miner.difficulty_bits", "0").set("hello-miner.hashes_per_second", "100").start()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (status(node).path("shares").asLong() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50); // poll the state; the miner's first tick comes at once
            }
            assertThat(status(node).path("shares").asLong()).isPositive();
            assertThat(node.miner(HelloMinerPlugin.MINER_ID).orElseThrow().stats().sharesAccepted()).isPositive();
        }
    }

    @Test
    void greetsOverJsonRpcAndKeepsTheCountAcrossRestarts() throws Exception {
        TestNode.Builder builder = TestNode.builder(dir).plugin("hello-miner", HelloMinerPlugin::new)
                .set("hello-miner.greeting", "\"ahoy\"").set("hello-miner.rpc_listen", "\"127.0.0.1:0\"");
        try (TestNode node = builder.start();
             LineRpcClient rpc = LineRpcClient.connect(rpcPort(node))) {
            JsonNode reply = rpc.call("hello_greet", "Ada").path("result");
            assertThat(reply.path("text").asText()).isEqualTo("ahoy, Ada");
            assertThat(reply.path("count").asLong()).isEqualTo(1);
            assertThat(rpc.call("hello_greet", 42).path("error").path("code").asInt()).isEqualTo(-32602);
            assertThat(rpc.call("hello_status").path("result").path("greetings").asLong()).isEqualTo(1);
        }
        try (TestNode node = builder.start();
             LineRpcClient rpc = LineRpcClient.connect(rpcPort(node))) {
            assertThat(status(node).path("lastGreeting").asText()).isEqualTo("rpc: Ada");
            assertThat(rpc.call("hello_greet", "Bo").path("result").path("count").asLong()).isEqualTo(2);
        }
    }

    private static int rpcPort(TestNode node) throws Exception {
        String rpc = status(node).path("rpc").asText();
        return Integer.parseInt(rpc.substring(rpc.lastIndexOf(':') + 1));
    }

    private static JsonNode status(TestNode node) throws Exception {
        return JSON.readTree(node.get("/api/v1/hello-miner/status").body());
    }
}
