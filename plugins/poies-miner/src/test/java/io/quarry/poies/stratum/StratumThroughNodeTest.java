package io.quarry.poies.stratum;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.poies.hash.UDraw;
import io.quarry.poies.remote.PoiesTestNodes;
import io.quarry.testkit.TestNode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's Stratum server on a real node (the node's own admission, chain and metrics), driven by the plain
 * TCP client: subscribe, authorize, notify, accepted shares, a block sealed from Stratum, and the precise errors
 * for a duplicate nullifier, a share over the target, a malformed share and a stale job.
 */
class StratumThroughNodeTest {

    @TempDir
    Path dir;

    @Test
    void aPlainTcpMinerSealsABlockAndGetsPreciseErrorsFromTheRealNode() throws Exception {
        int port = PoiesTestNodes.freePort();
        try (TestNode node = PoiesTestNodes.chain(dir, Map.of("poies-miner.stratum_listen",
                "\"127.0.0.1:" + port + "\""));
                StratumTestClient miner = new StratumTestClient(new InetSocketAddress("127.0.0.1", port))) {
            JsonNode subscribed = miner.call("mining.subscribe", "tcp-test/1");
            long extranonce1 = Long.parseLong(subscribed.path("result").get(1).asText(), 16);
            assertThat(miner.call("mining.authorize", "rig1", "x").path("result").asBoolean()).isTrue();
            long target = miner.notification("mining.set_difficulty").path("params").get(2).asLong();
            JsonNode notify = miner.notification("mining.notify").path("params");
            String job = notify.get(IssuedJob.JOB_ID).asText();
            TestScanner scanner = new TestScanner(notify.get(IssuedJob.HEADER).asText(),
                    notify.get(IssuedJob.MIX_SEED).asText());
            long blockLevel = notify.get(IssuedJob.BLOCK_H_MICRO).asLong();
            long start = extranonce1 << 32;

            long good = scanner.find(start, target, blockLevel);
            JsonNode accepted = miner.call("mining.submit", "rig1", job, hex(good));
            assertThat(accepted.path("result").asBoolean()).as(accepted.toString()).isTrue();

            assertError(miner.call("mining.submit", "rig1", job, hex(good)), StratumError.DUPLICATE, "duplicate");
            long weak = scanner.find(start, 0, target);
            assertError(miner.call("mining.submit", "rig1", job, hex(weak)), StratumError.LOW_DIFFICULTY,
                    "target_ratio");
            assertError(miner.call("mining.submit", "rig1", job, "0xnothex"), StratumError.OTHER, "schema");

            long block = scanner.find(good + 1, blockLevel, UDraw.MAX_H_MICRO + 1);
            JsonNode sealed = miner.call("mining.submit", "rig1", job, hex(block));
            assertThat(sealed.path("result").asBoolean()).as(sealed.toString()).isTrue();
            assertThat(PoiesTestNodes.height(node)).isEqualTo(1);
            JsonNode clean = miner.notification("mining.notify");
            while (!clean.path("params").get(IssuedJob.CLEAN_JOBS).asBoolean()) {
                clean = miner.notification("mining.notify");
            }
            assertThat(clean.path("params").get(IssuedJob.HEIGHT).asLong()).isEqualTo(2);

            long late = scanner.find(block + 1, target, UDraw.MAX_H_MICRO + 1);
            assertError(miner.call("mining.submit", "rig1", job, hex(late)), StratumError.JOB_NOT_FOUND, "stale");

            String metrics = node.get("/metrics").body();
            for (String reason : new String[] {"duplicate", "target_ratio", "schema", "stale"}) {
                assertThat(metrics).containsPattern("animica_miner_shares_rejected_total\\{[^}]*reason=\"" + reason
                        + "\"[^}]*\\} [1-9]");
            }
            assertThat(metrics).containsPattern("animica_miner_blocks_sealed_total\\{[^}]*\\} [1-9]");
        }
    }

    private static void assertError(JsonNode answer, int code, String reason) {
        assertThat(answer.path("error").isArray()).as(answer.toString()).isTrue();
        assertThat(answer.path("error").get(0).asInt()).as(answer.toString()).isEqualTo(code);
        assertThat(answer.path("error").get(1).asText()).as(answer.toString()).startsWith(reason + ": ");
    }

    private static String hex(long nonce) {
        return String.format("%016x", nonce);
    }
}
