package io.quarry.fleet.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.quarry.api.miner.MinerState;
import io.quarry.api.miner.MinerStats;
import io.quarry.fleet.FleetJson;
import io.quarry.testkit.TestNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The XMRig adapter. Its "XMRig" here is a Quarry node in a child process: a script reads the config the
 * adapter wrote and starts a node whose HTTP port is the one the adapter chose, so the adapter reads a real
 * {@code /2/summary} over HTTP. Pause and resume go to a stand-in that records the JSON-RPC calls.
 */
@Timeout(120)
class XmrigMinerTest {

    @TempDir
    Path dir;

    @Test
    void writesAnOwnerOnlyConfigAndReadsAQuarryNodesSummaryInAChildProcess() throws Exception {
        Path script = dir.resolve("fake-xmrig.sh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "for a in \"$@\"; do case \"$a\" in --config=*) cfg=\"${a#--config=}\";; esac; done",
                "port=$(sed -n 's/.*\"port\":\\([0-9]*\\).*/\\1/p' \"$cfg\")",
                "echo \"xmrig stand-in: args $* port $port\"",
                "exec '" + java + "' -Xmx128m -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path")
                        + "' " + TestNode.MAIN_CLASS + " run --data-dir '" + dir.resolve("child") + "'"
                        + " --set http.listen=\"127.0.0.1:$port\" --set transport.listen=127.0.0.1:0"
                        + " --set log.file=false --set 'plugins.enabled=[]'",
                ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        XmrigMiner miner = new XmrigMiner(new ProcessConfig("rig", "xmrig", List.of(script.toString(), "-o", "pool:3333"),
                "never", 0, 200, true), dir, InstantSource.system());
        try {
            miner.start();

            assertThat(Files.getPosixFilePermissions(miner.configFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            JsonNode config = FleetJson.mapper().readTree(miner.configFile().toFile());
            assertThat(config.path("http").path("host").asText()).isEqualTo("127.0.0.1");
            assertThat(config.path("http").path("access-token").asText()).hasSize(48);
            assertThat(config.path("http").path("restricted").asBoolean()).isFalse();
            Waits.until("the stand-in printed its arguments", () -> miner.recentLogs(50).stream()
                    .anyMatch(l -> l.contains("--config=" + miner.configFile() + " -o pool:3333")));

            Waits.until("the child node answers /2/summary", () -> miner.stats().extra().containsKey("algo"));
            MinerStats stats = miner.stats();
            assertThat(stats.extra()).containsEntry("algo", "invalid").containsEntry("paused", true);
            assertThat(stats.hashrate()).isEqualTo(MinerStats.Hashrate.ZERO);
            assertThat(miner.state()).isEqualTo(MinerState.RUNNING);
            assertThat(miner.kind()).isEqualTo("xmrig");

            // A Quarry node has no /json_rpc: the pause fails and the adapter stops the process instead.
            long pid = miner.pid().orElseThrow();
            miner.stop();
            assertThat(miner.state()).isEqualTo(MinerState.STOPPED);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        } finally {
            miner.terminate();
        }
        assertThat(miner.state()).isEqualTo(MinerState.STOPPED);
    }

    @Test
    void pausesAndResumesThroughJsonRpcWithTheToken() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/json_rpc", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + FleetJson.mapper().readTree(body).path("method").asText());
            byte[] reply = "{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{\"status\":\"OK\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.createContext("/2/summary", exchange -> {
            byte[] reply = ("{\"uptime\":12,\"algo\":\"rx/0\",\"paused\":false,\"hashrate\":{\"total\":[812.5,null,790.1]},"
                    + "\"results\":{\"shares_good\":4,\"shares_total\":5},\"connection\":{\"pool\":\"pool:3333\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
        try {
            XmrigClient client = new XmrigClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "t0k");
            client.pause();
            client.resume();
            XmrigSummary summary = client.summary();

            assertThat(calls).containsExactly("Bearer t0k pause", "Bearer t0k resume");
            assertThat(summary.hashrate()).isEqualTo(new MinerStats.Hashrate(812.5, 0, 790.1));
            assertThat(summary.sharesGood()).isEqualTo(4);
            assertThat(summary.sharesTotal()).isEqualTo(5);
            assertThat(summary.pool()).isEqualTo("pool:3333");
            assertThat(summary.algo()).isEqualTo("rx/0");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void oversizeWrongTokenAndNonJsonAnswersAreErrorsNamingWhy() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/2/summary", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] reply = switch (auth) {
                case "Bearer big" -> new byte[(1 << 20) + 10];
                case "Bearer junk" -> "not json".getBytes(StandardCharsets.UTF_8);
                default -> new byte[0];
            };
            exchange.sendResponseHeaders(auth.equals("Bearer wrong") ? 401 : 200, reply.length == 0 ? -1 : reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            assertThatThrownBy(() -> new XmrigClient(base, "big").summary()).hasMessageContaining("larger than");
            assertThatThrownBy(() -> new XmrigClient(base, "junk").summary()).hasMessageContaining("not JSON");
            assertThatThrownBy(() -> new XmrigClient(base, "wrong").summary()).hasMessageContaining("401", "token");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void stopPausesARunningXmrigAndStartResumesIt() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        Path script = dir.resolve("xmrig-api.sh");
        // The stand-in records nothing itself; the adapter's client is pointed at the recording server below.
        Files.writeString(script, "#!/bin/sh\nexec sleep 60\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/json_rpc", exchange -> {
            calls.add(FleetJson.mapper().readTree(exchange.getRequestBody().readAllBytes()).path("method").asText());
            byte[] reply = "{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{\"status\":\"OK\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
        XmrigMiner miner = new XmrigMiner(new ProcessConfig("p", "xmrig", List.of(script.toString()), "never", 0, 10, true),
                dir, InstantSource.system());
        try {
            miner.start();
            // Point the adapter at the recording server, as if XMRig had bound the port it was given.
            String config = Files.readString(miner.configFile());
            assertThat(config).contains("\"port\":");
            miner.useApi(new XmrigClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "x"));
            long pid = miner.pid().orElseThrow();

            miner.stop();
            assertThat(miner.state()).isEqualTo(MinerState.STOPPED);
            assertThat(miner.stateDetail()).contains("paused");
            assertThat(miner.pid()).hasValue(pid);
            miner.start();
            assertThat(miner.state()).isEqualTo(MinerState.RUNNING);
            assertThat(calls).containsExactly("pause", "resume");
        } finally {
            miner.terminate();
            server.stop(0);
        }
    }
}
