package io.quarry.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.fleet.FleetControlPlugin;
import io.quarry.fleet.TestMinerPlugin;
import io.quarry.testkit.TestCluster;
import io.quarry.testkit.TestNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code quarry fleet} verbs against running nodes, as an operator types them. */
class FleetCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run fleet(TestNode node, Path tokenFile, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new FleetCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--api", node.baseUri().toString(), "--token-file", tokenFile.toString()));
        int code = cli.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void anOperatorSetsUpAFleetAndDrivesAMinerFromTheCommandLine(@TempDir Path dir) throws Exception {
        try (TestCluster cluster = TestCluster.start(2, dir, (i, b) -> {
            b.plugin("fleet-control", FleetControlPlugin::new);
            return i == 1 ? b.plugin("test-miner", TestMinerPlugin::new) : b;
        })) {
            TestNode boss = cluster.node(0);
            TestNode rig = cluster.node(1);
            Path bossToken = Files.writeString(dir.resolve("boss-token"), boss.apiToken());
            Path rigToken = Files.writeString(dir.resolve("rig-token"), rig.apiToken());

            Run init = fleet(boss, bossToken, "node", "init", "--name", "control-center", "--role", "controller");
            assertThat(init.code()).as(init.err()).isZero();
            assertThat(init.out()).contains("name:        control-center", "role:        controller");
            assertThat(fleet(boss, bossToken, "node", "info").out()).contains(boss.peerAddress().nodeId());

            Run trust = fleet(rig, rigToken, "peer", "add", "--address", "127.0.0.1:" + boss.peerAddress().port(),
                    "--name", "boss", "--role", "controller");
            assertThat(trust.code()).as(trust.err()).isZero();
            Run add = fleet(boss, bossToken, "peer", "add", "--address", "127.0.0.1:" + rig.peerAddress().port(),
                    "--name", "rig-alpha");
            assertThat(add.out()).contains("added rig-alpha " + rig.peerAddress().nodeId() + " (online)");

            assertThat(fleet(boss, bossToken, "peer", "list").out()).contains("rig-alpha", "online", "worker");
            assertThat(fleet(boss, bossToken, "peer", "ping", "rig-alpha").out()).contains("pong from");

            Run start = fleet(boss, bossToken, "remote", "start", "rig-alpha", TestMinerPlugin.MINER_ID);
            assertThat(start.out()).contains("test-miner/one: running");
            Run status = fleet(boss, bossToken, "remote", "status");
            assertThat(status.out()).contains("rig-alpha", "test-miner/one", "running", "total hashrate", "test");
            assertThat(fleet(boss, bossToken, "remote", "status", "rig-alpha", "--json").out()).contains("\"10s\" : 100.0");
            assertThat(fleet(boss, bossToken, "remote", "logs", "rig-alpha", TestMinerPlugin.MINER_ID).out())
                    .contains("started with 1 threads");
            assertThat(fleet(boss, bossToken, "remote", "stop", "rig-alpha", TestMinerPlugin.MINER_ID).out())
                    .contains("test-miner/one: stopped");

            Path bundle = Files.createDirectories(dir.resolve("bundle/bin"));
            Files.writeString(bundle.resolve("run.sh"), "#!/bin/sh\n");
            // Larger than one transport message: the bundle streams from the CLI through the node to the worker.
            byte[] program = new byte[3 << 20];
            new java.util.Random(3).nextBytes(program);
            Files.write(bundle.resolve("miner-program"), program);
            Run deploy = fleet(boss, bossToken, "remote", "deploy", "rig-alpha", "--type", "miner", "--dir",
                    dir.resolve("bundle").toString());
            assertThat(deploy.out()).as(deploy.err()).contains("deployed miner bundle: 2 files");

            Run missing = fleet(boss, bossToken, "remote", "stop", "nobody", "x/y");
            assertThat(missing.code()).isEqualTo(1);
            assertThat(missing.err()).contains("404", "no peer 'nobody'");
            assertThat(fleet(boss, bossToken, "peer", "remove", "rig-alpha").out()).contains("removed rig-alpha");
            assertThat(fleet(boss, bossToken, "peer", "list").out()).doesNotContain("rig-alpha");
        }
    }

    @Test
    void anUnreachableNodeIsReportedWithWhatToDo(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new FleetCommand());
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("node", "info", "--api", "http://127.0.0.1:1", "--token-file", dir.resolve("none").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach the node", "--api");
    }
}
