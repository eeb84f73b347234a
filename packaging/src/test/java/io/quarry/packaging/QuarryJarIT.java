package io.quarry.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.testkit.PluginZip;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real quarry.jar in child processes: what an operator does on a fresh host. */
@Tag("process")
class QuarryJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> BUNDLED = List.of(
            "storage-miner", "poies-miner", "randomx-cluster", "fleet-control", "subnet-miner");

    @TempDir
    Path dir;

    private Path config(int httpPort, String enabled, String extra) throws Exception {
        Path file = dir.resolve("quarry.toml");
        Files.writeString(file, """
                [node]
                name = "it"
                data_dir = "data"
                [http]
                listen = "127.0.0.1:%d"
                [transport]
                listen = "127.0.0.1:0"
                [plugins]
                enabled = [%s]
                %s
                """.formatted(httpPort, enabled, extra));
        return file;
    }

    private static String quotedBundled() {
        return String.join(", ", BUNDLED.stream().map(id -> "\"" + id + "\"").toList());
    }

    @Test
    void runsAllBundledPluginsAnswersHealthListsPluginsAndStopsCleanlyOnSigterm() throws Exception {
        int port = QuarryProcess.freePort();
        Path config = config(port, quotedBundled(), "");
        try (QuarryProcess node = QuarryProcess.start(dir, Map.of(), "run", "--config", config.toString())) {
            String body = node.awaitOk(URI.create("http://127.0.0.1:" + port + "/health"), Duration.ofSeconds(30));
            assertThat(body).as("health; stderr:\n%s", node.stderr()).isNotNull();
            JsonNode health = JSON.readTree(body);
            assertThat(health.path("nodeId").asText()).matches("[0-9a-f]{64}");
            assertThat(health.path("version").asText()).isNotBlank();
            assertThat(health.path("uptimeSeconds").asDouble()).isPositive();
            List<String> ids = new ArrayList<>();
            for (JsonNode p : health.path("plugins")) {
                ids.add(p.path("id").asText());
                assertThat(p.path("state").asText()).as(p.toString()).isEqualTo("STARTED");
                JsonNode miner = p.path("miners").get(0);
                if (p.path("id").asText().equals("fleet-control")) {
                    // Fleet control's miners are the external processes it is configured with: none here.
                    assertThat(p.path("miners")).as(p.toString()).isEmpty();
                } else if (p.path("id").asText().equals("randomx-cluster")) {
                    // Neither pools nor daemon_rpc here: an idle miner that says what to set.
                    assertThat(miner.path("state").asText()).as(p.toString()).isEqualTo("STOPPED");
                    assertThat(miner.path("detail").asText()).contains("no work source");
                } else if (p.path("id").asText().equals("poies-miner")) {
                    // The node role scans its dev chain on the CPU from the start.
                    assertThat(miner.path("id").asText()).isEqualTo("poies-miner/local");
                    assertThat(miner.path("state").asText()).as(p.toString()).isEqualTo("RUNNING");
                } else if (p.path("id").asText().equals("subnet-miner")) {
                    // No hotkey in the default wallet path: unavailable, saying how to create one.
                    assertThat(miner.path("state").asText()).as(p.toString()).isEqualTo("UNAVAILABLE");
                    assertThat(miner.path("detail").asText()).contains("quarry subnet wallet new");
                } else if (p.path("id").asText().equals("storage-miner")) {
                    // No validator configured: it stores and serves what it is sent, and says it does not register.
                    assertThat(miner.path("id").asText()).isEqualTo("storage-miner/local");
                    assertThat(miner.path("state").asText()).as(p.toString()).isEqualTo("RUNNING");
                    assertThat(miner.path("detail").asText()).contains("no validator configured");
                } else {
                    throw new AssertionError("a bundled plugin this test does not know: " + p);
                }
            }
            assertThat(ids).containsExactlyInAnyOrderElementsOf(BUNDLED);
            assertThat(dir.resolve("data/identity/node.key")).exists();

            QuarryProcess list = QuarryProcess.run(dir, "plugins", "list", "--config", config.toString());
            assertThat(list.exitCode()).as(list.stderr()).isZero();
            for (String id : BUNDLED) {
                assertThat(list.stdout()).containsPattern("(?m)^" + id + " +\\S+ +STARTED");
            }
            // Every bundled plugin is built now: none reports a placeholder miner.
            assertThat(list.stdout()).doesNotContain("not yet implemented");

            QuarryProcess json = QuarryProcess.run(dir, "plugins", "list", "--json", "--config", config.toString());
            assertThat(JSON.readTree(json.stdout())).isEqualTo(health.path("plugins"));

            long before = System.nanoTime();
            int code = node.terminate(Duration.ofSeconds(10));
            assertThat(code).as("exit code after SIGTERM; stderr:\n%s", node.stderr()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
            String log = node.stderr() + node.stdout();
            // Stopped in reverse start order.
            assertThat(log.indexOf("plugin subnet-miner stopped")).isLessThan(log.indexOf("plugin storage-miner stopped"));
        }
    }

    @Test
    void unknownKeyStopsStartupNamingKeyAndLine() throws Exception {
        int port = QuarryProcess.freePort();
        Path config = config(port, "", "[randomx-cluster]\nthread = 4\n");
        QuarryProcess run = QuarryProcess.run(dir, "run", "--config", config.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("randomx-cluster.thread").contains("line 11");

        QuarryProcess check = QuarryProcess.run(dir, "config", "check", config.toString());
        assertThat(check.exitCode()).isEqualTo(2);
        assertThat(check.stderr()).contains("randomx-cluster.thread");
    }

    @Test
    void droppedPluginZipIsLoadedAndAFailingPluginLeavesTheOthersServing() throws Exception {
        Path plugins = dir.resolve("data/plugins");
        PluginZip.of("echo", "1.2.3", EchoPlugin.class).writeTo(plugins);
        PluginZip.of("broken", "0.0.1", BrokenPlugin.class).writeTo(plugins);
        int port = QuarryProcess.freePort();
        Path config = config(port, "\"echo\", \"broken\", \"poies-miner\"", "");
        try (QuarryProcess node = QuarryProcess.start(dir, Map.of(), "run", "--config", config.toString())) {
            String ping = node.awaitOk(URI.create("http://127.0.0.1:" + port + "/api/v1/echo/ping"), Duration.ofSeconds(30));
            assertThat(ping).as("stderr:\n%s", node.stderr()).isNotNull();
            assertThat(JSON.readTree(ping).path("pong").asText()).isEqualTo("echo");
            // Loaded by PF4J from the zip, not from the kernel's class path.
            assertThat(JSON.readTree(ping).path("loader").asText()).isEqualTo("PluginClassLoader");

            JsonNode health = JSON.readTree(node.awaitOk(URI.create("http://127.0.0.1:" + port + "/health"), Duration.ofSeconds(5)));
            Map<String, JsonNode> byId = new java.util.HashMap<>();
            health.path("plugins").forEach(p -> byId.put(p.path("id").asText(), p));
            assertThat(byId.get("echo").path("state").asText()).isEqualTo("STARTED");
            assertThat(byId.get("echo").path("version").asText()).isEqualTo("1.2.3");
            assertThat(byId.get("broken").path("state").asText()).isEqualTo("FAILED");
            assertThat(byId.get("broken").path("error").asText()).contains("cannot reach the imaginary GPU");
            assertThat(byId.get("poies-miner").path("state").asText()).isEqualTo("STARTED");
            assertThat(byId.get("storage-miner").path("state").asText()).isEqualTo("DISABLED");
            assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
            assertThat(node.terminate(Duration.ofSeconds(10))).isZero();
        }
        // The plugin's own verbs are part of the command line.
        QuarryProcess say = QuarryProcess.run(dir, "echo", "say", "hello", "world", "--config", config.toString());
        assertThat(say.exitCode()).as(say.stderr()).isZero();
        assertThat(say.stdout()).contains("echo: hello world");
    }

    @Test
    void initCreatesOwnerOnlyIdentityThatShowBackupAndRestoreAgreeOn() throws Exception {
        QuarryProcess init = QuarryProcess.run(dir, "init", "--data-dir", "d1");
        assertThat(init.exitCode()).as(init.stderr()).isZero();
        Path key = dir.resolve("d1/identity/node.key");
        Path token = dir.resolve("d1/identity/api-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");

        String nodeId = QuarryProcess.run(dir, "identity", "show", "--data-dir", "d1").stdout().strip();
        assertThat(nodeId).matches("[0-9a-f]{64}");
        assertThat(init.stdout()).contains(nodeId);

        QuarryProcess backup = QuarryProcess.run(dir, "identity", "backup", "--data-dir", "d1", "--output", "id.tar.gz");
        assertThat(backup.exitCode()).as(backup.stderr()).isZero();
        QuarryProcess restore = QuarryProcess.run(dir, "identity", "restore", "id.tar.gz", "--data-dir", "d2");
        assertThat(restore.exitCode()).as(restore.stderr()).isZero();
        assertThat(QuarryProcess.run(dir, "identity", "show", "--data-dir", "d2").stdout().strip()).isEqualTo(nodeId);

        QuarryProcess again = QuarryProcess.run(dir, "identity", "restore", "id.tar.gz", "--data-dir", "d2");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderr()).contains("--force");
    }

    @Test
    void versionWorksFromAnyDirectory() throws Exception {
        QuarryProcess version = QuarryProcess.run(dir, "version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).startsWith("quarry ");
    }
}
