package io.quarry.poies.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.poies.remote.PoiesTestNodes;
import io.quarry.testkit.TestNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code quarry poies ...} verbs run through picocli against a real node. */
class PoiesCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new PoiesCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void getworkPrintsTheCurrentTemplateInTheSeedShapeOverRpcAndOverWebSocket() throws Exception {
        try (TestNode node = PoiesTestNodes.chain(dir, Map.of())) {
            assertThat(run("getwork", "--rpc", PoiesTestNodes.rpc(node).toString())).as(err.toString()).isZero();
            JsonNode printed = PoiesTestNodes.JSON.readTree(out.toString());
            JsonNode served = PoiesTestNodes.call(node, "miner_getWork", "[]");
            assertThat(printed).isEqualTo(served);
            assertThat(printed.fieldNames()).toIterable().containsExactly("chainId", "height", "parentHash",
                    "stateRoot", "txsRoot", "proofsRoot", "daRoot", "params", "policyRoots", "nonceDomain", "time",
                    "coinbase", "extra");

            out.getBuffer().setLength(0);
            assertThat(run("getwork", "--ws", PoiesTestNodes.ws(node).toString())).as(err.toString()).isZero();
            assertThat(PoiesTestNodes.JSON.readTree(out.toString()).path("chainId").asLong())
                    .isEqualTo(served.path("chainId").asLong());
        }
    }

    @Test
    void mineRunsForItsDurationPrintingProgressAndASummary() throws Exception {
        try (TestNode node = PoiesTestNodes.chain(dir, Map.of())) {
            int code = run("mine", "--threads", "1", "--ws", PoiesTestNodes.ws(node).toString(), "--rpc",
                    PoiesTestNodes.rpc(node).toString(), "--report-secs", "1", "--duration-secs", "4");
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("mining for ws ws://127.0.0.1:")
                    .containsPattern("\\[\\d\\d:\\d\\d:\\d\\d\\] height \\d+ \\| [0-9.]+ [kMG]?H/s \\| shares \\d+ "
                            + "accepted, \\d+ rejected, \\d+ stale \\| blocks \\d+ \\| connected")
                    .containsPattern("stopped after \\d+ s: \\d+ shares accepted");
        }
    }

    @Test
    void refusesMissingOrWrongNodeUrlsWithAUsageError() {
        assertThat(run("mine", "--threads", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("give the node's --ws URL, its --rpc URL, or both");
        err.getBuffer().setLength(0);
        assertThat(run("getwork", "--rpc", "ws://127.0.0.1:1/api")).isEqualTo(2);
        assertThat(err.toString()).contains("--rpc must be an absolute http or https URL");
        err.getBuffer().setLength(0);
        assertThat(run("mine", "--ws", "ws://127.0.0.1:1/x", "--threads", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--threads must be 0..1024");
    }

    @Test
    void getworkSaysWhyWhenTheNodeCannotBeReached() throws Exception {
        int port = PoiesTestNodes.freePort();
        assertThat(run("getwork", "--rpc", "http://127.0.0.1:" + port + "/api/v1/poies-miner/rpc")).isEqualTo(1);
        assertThat(err.toString()).contains("miner_getWork to http://127.0.0.1:" + port);
    }

    @Test
    void readsTheApiTokenFromAFile() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "");
        assertThat(run("getwork", "--rpc", "http://127.0.0.1:1/rpc", "--api-token-file", token.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("is empty");
    }

    @Test
    void stratumProxyIsQuarryRunInTheMinerRoleWithTheOperatorsSetsLast() {
        StratumProxyCommand proxy = new StratumProxyCommand();
        new CommandLine(proxy).parseArgs("--listen", "0.0.0.0:11333", "--rpc", "http://10.0.0.5:8080/api/v1/poies-miner/rpc",
                "--ws", "ws://10.0.0.5:8080/api/v1/poies-miner/ws", "--data-dir", "proxy-data", "--http-listen",
                "127.0.0.1:8081", "--set", "poies-miner.target_shares_per_sec=2");
        assertThat(proxy.runArguments()).containsExactly("--data-dir", "proxy-data",
                "--set", "plugins.enabled=[\"poies-miner\"]",
                "--set", "poies-miner.roles=[\"miner\"]",
                "--set", "poies-miner.device=\"none\"",
                "--set", "poies-miner.stratum_listen=\"0.0.0.0:11333\"",
                "--set", "poies-miner.rpc_url=\"http://10.0.0.5:8080/api/v1/poies-miner/rpc\"",
                "--set", "poies-miner.ws_url=\"ws://10.0.0.5:8080/api/v1/poies-miner/ws\"",
                "--set", "http.listen=\"127.0.0.1:8081\"",
                "--set", "poies-miner.target_shares_per_sec=2");
        // Outside the quarry command line there is no `run` to hand over to.
        assertThat(run("stratum-proxy", "--listen", "127.0.0.1:11333", "--rpc", "http://127.0.0.1:1/rpc"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("quarry poies stratum-proxy");
        err.getBuffer().setLength(0);
        assertThat(run("stratum-proxy", "--listen", "11333", "--rpc", "http://127.0.0.1:1/rpc")).isEqualTo(2);
        assertThat(err.toString()).contains("--listen must be host:port");
    }
}
