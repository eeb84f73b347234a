package io.quarry.poies.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.poies.PoiesMinerPlugin;
import io.quarry.poies.hash.UDraw;
import io.quarry.poies.stratum.StratumTestClient;
import io.quarry.poies.stratum.TestScanner;
import io.quarry.testkit.TestNode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node in the miner role with {@code stratum_listen} (what {@code quarry poies stratum-proxy} runs) in front of
 * another node: a plain Stratum miner gets the upstream's templates through it, its shares are checked and
 * forwarded, and the blocks they seal land on the upstream chain.
 */
class StratumProxyTest {

    @TempDir
    Path dir;

    @Test
    void relaysWorkAndSharesBetweenAStratumMinerAndARemoteNode() throws Exception {
        int port = PoiesTestNodes.freePort();
        try (TestNode upstream = PoiesTestNodes.chain(dir.resolve("upstream"), Map.of());
                TestNode proxy = TestNode.builder(dir.resolve("proxy")).plugin("poies-miner", PoiesMinerPlugin::new)
                        .set("poies-miner.roles", "[\"miner\"]")
                        .set("poies-miner.device", "\"none\"")
                        .set("poies-miner.stratum_listen", "\"127.0.0.1:" + port + "\"")
                        .set("poies-miner.ws_url", "\"" + PoiesTestNodes.ws(upstream) + "\"")
                        .set("poies-miner.rpc_url", "\"" + PoiesTestNodes.rpc(upstream) + "\"")
                        .start()) {
            StratumTestClient miner = connect(port);
            assertThat(miner.call("mining.subscribe", "proxy-test/1").path("error").isNull()).isTrue();
            assertThat(miner.call("mining.authorize", "rig1", "x").path("result").asBoolean()).isTrue();
            long target = miner.notification("mining.set_difficulty").path("params").get(2).asLong();
            JsonNode notify = miner.notification("mining.notify").path("params");
            JsonNode upstreamWork = PoiesTestNodes.call(upstream, "miner_getWork", "[]");
            assertThat(notify.get(2).asLong()).isEqualTo(upstreamWork.get("height").asLong());

            // The proxy's own admission: its per-connection target and its freshness over the current head.
            TestScanner first = new TestScanner(notify.get(3).asText(), notify.get(4).asText());
            String job = notify.get(0).asText();
            long weak = first.find(0, 0, target);
            assertThat(miner.call("mining.submit", "rig1", job, String.format("%016x", weak)).path("error").get(1)
                    .asText()).startsWith("target_ratio: ");
            long ok = first.find(0, target, UDraw.MAX_H_MICRO + 1);
            JsonNode once = miner.call("mining.submit", "rig1", job, String.format("%016x", ok));
            assertThat(once.path("result").asBoolean()).as(once.toString()).isTrue();
            // Nobody else mines the upstream chain: the job is stale now only if that very share sealed a block.
            String again = miner.call("mining.submit", "rig1", job, String.format("%016x", ok)).path("error").get(1)
                    .asText();
            assertThat(again).startsWith(PoiesTestNodes.height(upstream) == 0 ? "duplicate: " : "stale: ");
            assertThat(proxy.get("/metrics").body()).containsPattern(
                    "animica_miner_shares_rejected_total\\{[^}]*reason=\"target_ratio\"[^}]*\\} [1-9]");

            long nonce = ok;
            int accepted = 0;
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (PoiesTestNodes.height(upstream) < 2 && System.nanoTime() < deadline) {
                target = miner.newest("mining.set_difficulty").map(m -> m.path("params").get(2).asLong())
                        .orElse(target);
                notify = miner.newest("mining.notify").map(m -> m.path("params")).orElse(notify);
                TestScanner scanner = new TestScanner(notify.get(3).asText(), notify.get(4).asText());
                nonce = scanner.find(nonce + 1, target, UDraw.MAX_H_MICRO + 1);
                JsonNode answer = miner.call("mining.submit", "rig1", notify.get(0).asText(),
                        String.format("%016x", nonce));
                if (answer.path("result").asBoolean()) {
                    accepted++;
                } else {
                    // Only a block sealed in between (by this miner's previous share) makes a share stale. A vardiff
                    // raise while the share was on its way is no refusal: the proxy and the node admit a share
                    // meeting the previous target for a grace after a raise (ShareTargets.admissionTargetMicro).
                    assertThat(answer.path("error").get(1).asText()).as(answer.toString()).startsWith("stale: ");
                }
            }
            assertThat(PoiesTestNodes.height(upstream)).as("upstream height; %d shares accepted", accepted)
                    .isGreaterThanOrEqualTo(2);
            assertThat(accepted).isGreaterThanOrEqualTo(2);
            assertThat(proxy.get("/metrics").body()).containsPattern("quarry_poies_miner_proxy_forwarded_total\\{[^}]*\\}"
                    + " [1-9]");
            miner.close();
        }
    }

    private static StratumTestClient connect(int port) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                return new StratumTestClient(new InetSocketAddress("127.0.0.1", port));
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
