package io.quarry.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.testkit.LineRpcClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third party's plugin on the real quarry.jar: the zip examples/hello-miner builds (against the published API,
 * plugin parent and testkit only) is dropped into a node's plugins directory, as an operator would, and its
 * miner, route, JSON-RPC method and panel all answer. It is not bundled: the jar's generated index does not
 * list it.
 */
@Tag("process")
class ThirdPartyPluginIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path THIRD_PARTY = Path.of(System.getProperty("quarry.third.party.plugins",
            "target/third-party-plugins")).toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void helloMinerDroppedIntoThePluginsDirectoryServesItsMinerRouteJsonRpcMethodAndPanel() throws Exception {
        Path zip = THIRD_PARTY.resolve("hello-miner-plugin.zip");
        assertThat(zip).as("built by examples/hello-miner").exists();
        Path plugins = Files.createDirectories(dir.resolve("data/plugins"));
        Files.copy(zip, plugins.resolve("hello-miner-1.0.0.zip"));

        int port = QuarryProcess.freePort();
        int rpcPort = QuarryProcess.freePort();
        Path config = dir.resolve("quarry.toml");
        Files.writeString(config, """
                [node]
                name = "third-party"
                data_dir = "data"
                [http]
                listen = "127.0.0.1:%d"
                [transport]
                listen = "127.0.0.1:0"
                [plugins]
                enabled = ["hello-miner"]
                [hello-miner]
                greeting = "g'day"
                hashes_per_second = 100
                rpc_listen = "127.0.0.1:%d"
                """.formatted(port, rpcPort));
        String base = "http://127.0.0.1:" + port;
        try (QuarryProcess node = QuarryProcess.start(dir, Map.of(), "run", "--config", config.toString())) {
            String body = node.awaitOk(URI.create(base + "/health"), Duration.ofSeconds(30));
            assertThat(body).as("health; stderr:\n%s", node.stderr()).isNotNull();
            JsonNode hello = null;
            for (JsonNode p : JSON.readTree(body).path("plugins")) {
                if (p.path("id").asText().equals("hello-miner")) {
                    hello = p;
                }
            }
            assertThat(hello).as("hello-miner in %s", body).isNotNull();
            assertThat(hello.path("state").asText()).as(hello.toString()).isEqualTo("STARTED");
            assertThat(hello.path("version").asText()).isEqualTo("1.0.0");
            assertThat(hello.path("panel").asText()).isEqualTo("/plugins/hello-miner/");
            assertThat(hello.path("miners").get(0).path("id").asText()).isEqualTo("hello-miner/local");
            assertThat(hello.path("miners").get(0).path("state").asText()).isEqualTo("RUNNING");

            JsonNode status = JSON.readTree(node.awaitOk(URI.create(base + "/api/v1/hello-miner/status"),
                    Duration.ofSeconds(5)));
            assertThat(status.path("greeting").asText()).isEqualTo("g'day");
            assertThat(status.path("rpc").asText()).isEqualTo("127.0.0.1:" + rpcPort);

            try (LineRpcClient rpc = LineRpcClient.connect(rpcPort)) {
                JsonNode reply = rpc.call("hello_greet", "operator").path("result");
                assertThat(reply.path("text").asText()).isEqualTo("g'day, operator");
                assertThat(reply.path("count").asLong()).isEqualTo(1);
            }

            assertThat(node.awaitOk(URI.create(base + "/plugins/hello-miner/"), Duration.ofSeconds(5)))
                    .contains("<h1>Hello miner</h1>");
            assertThat(node.terminate(Duration.ofSeconds(10))).as(node.stderr()).isZero();
        }
    }

    @Test
    void theJarBundlesWhatItsGeneratedIndexListsAndNotTheExample() throws Exception {
        // Which plugins are bundled is QuarryJarIT's check (each one starts); this one: index and jar agree.
        try (ZipFile jar = new ZipFile(QuarryProcess.JAR.toFile())) {
            String index = new String(jar.getInputStream(jar.getEntry("bundled-plugins/index.txt")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(index.lines()).isNotEmpty().allMatch(name -> name.matches("quarry-plugin-[a-z-]+-plugin\\.zip"));
            for (String name : index.lines().toList()) {
                assertThat(jar.getEntry("bundled-plugins/" + name)).as(name).isNotNull();
            }
            assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("bundled-plugins/")
                    && n.endsWith(".zip"))).hasSize((int) index.lines().count());
            assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.contains("hello-miner"))).isEmpty();
        }
    }
}
