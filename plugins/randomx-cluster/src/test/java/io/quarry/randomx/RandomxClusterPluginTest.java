package io.quarry.randomx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerState;
import io.quarry.randomx.hashing.EngineSettings;
import io.quarry.randomx.hashing.HugePagesPolicy;
import io.quarry.randomx.hashing.RandomXEngine;
import io.quarry.randomx.hashing.RandomXMode;
import io.quarry.randomx.job.JobFixtures;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.pool.FakePool;
import io.quarry.testkit.TestJsonRpc;
import io.quarry.testkit.TestNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin in a real node: an idle miner without a work source, and pool mining with the stats route. */
class RandomxClusterPluginTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** An 8-byte target of difficulty 2: about every other hash is a share, so light mode finds some at once. */
    private static final String EASY_TARGET = "ffffffffffffff7f";

    @TempDir
    Path dir;

    @Test
    void withoutAWorkSourceTheNodeStartsAndTheMinerSaysWhatToSet() throws Exception {
        try (TestNode node = TestNode.builder(dir).plugin("randomx-cluster", RandomxClusterPlugin::new).start()) {
            assertThat(node.get("/health").statusCode()).isEqualTo(200);
            Miner miner = node.miner(RandomxClusterPlugin.MINER_ID).orElseThrow();
            assertThat(miner.state()).isEqualTo(MinerState.STOPPED);
            assertThat(miner.stateDetail()).contains("pools", "daemon_rpc");

            JsonNode stats = stats(node);
            assertThat(stats.get("state").asText()).isEqualTo("STOPPED");
            assertThat(stats.get("hashrate").has("10s")).isTrue();
            assertThat(stats.get("hashrate").has("60s")).isTrue();
            assertThat(stats.get("hashrate").has("15m")).isTrue();
            assertThat(stats.get("sharesAccepted").asLong()).isZero();
            assertThat(stats.get("sharesRejected").asLong()).isZero();
            assertThat(stats.get("blocksFound").asLong()).isZero();
            assertThat(stats.get("minersConnected").asInt()).isZero();
            assertThat(stats.get("upstream").get("kind").asText()).isEqualTo("none");

            assertThatThrownBy(miner::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no work source configured");
            assertThat(miner.state()).isEqualTo(MinerState.STOPPED);
        }
    }

    @Test
    void minesForAPoolSubmitsCorrectSharesAndReportsThem() throws Exception {
        TestJsonRpc jsonRpc = TestJsonRpc.open();
        try (FakePool pool = new FakePool(jsonRpc.servers("pool"), "pool", "first");
             TestNode node = TestNode.builder(dir).plugin("randomx-cluster", RandomxClusterPlugin::new)
                     .set("randomx-cluster.pools", "[{ url = \"127.0.0.1:" + pool.port() + "\", user = \"rig\" }]")
                     .set("randomx-cluster.mode", "\"light\"")
                     .set("randomx-cluster.threads", "1")
                     .set("randomx-cluster.huge_pages", "\"off\"")
                     .start()) {
            Miner miner = node.miner(RandomxClusterPlugin.MINER_ID).orElseThrow();
            assertThat(pool.logins.poll(20, TimeUnit.SECONDS)).as("the node logged in to the pool").isNotNull();
            pool.push(JobFixtures.poolJob("easy", JobFixtures.BLOB, EASY_TARGET));
            JsonRpcValue submit = nextSubmitFor(pool, "easy");
            assertThat(miner.state()).isEqualTo(MinerState.RUNNING);

            // The share is right: recompute it with an engine of our own.
            int nonce = MoneroJob.parseNonceHex(submit.get("nonce").asString());
            assertThat(nonce >>> 24).as("worker 0's slice: the top nonce byte is the node's own").isZero();
            byte[] blob = HexFormat.of().parseHex(JobFixtures.BLOB);
            MoneroJob job = new MoneroJob("easy", blob, 2, HexFormat.of().parseHex(JobFixtures.SEED), 0, "rx/0", -1, false);
            try (RandomXEngine check = RandomXEngine.open(EngineSettings.defaults().withMode(RandomXMode.LIGHT)
                    .withThreads(1).withHugePages(HugePagesPolicy.OFF))) {
                check.setSeed(job.seedHash());
                assertThat(HexFormat.of().formatHex(check.hash(job.blobWithNonce(nonce))))
                        .isEqualTo(submit.get("result").asString());
            }

            await(() -> stats(node).get("sharesAccepted").asLong() > 0, Duration.ofSeconds(20));
            JsonNode stats = stats(node);
            assertThat(stats.get("state").asText()).isEqualTo("RUNNING");
            assertThat(stats.get("mode").asText()).isEqualTo("light");
            assertThat(stats.get("hashrate").get("10s").asDouble()).isPositive();
            assertThat(stats.get("upstream").get("kind").asText()).isEqualTo("pool");
            assertThat(stats.get("upstream").get("description").asText()).contains(String.valueOf(pool.port()));
            assertThat(stats.get("job").get("id").asText()).isEqualTo("easy");
            assertThat(stats.get("job").get("seedHash").asText()).isEqualTo(JobFixtures.SEED);
            assertThat(miner.stats().sharesAccepted()).isPositive();
            assertThat(node.get("/metrics").body())
                    .contains("quarry_randomx_hashrate{plugin=\"randomx-cluster\",window=\"10s\"}")
                    .contains("quarry_randomx_shares_accepted_total");

            miner.stop();
            assertThat(miner.state()).isEqualTo(MinerState.STOPPED);
            assertThat(stats(node).get("hashrate").get("10s").asDouble()).isZero();
            miner.start();
            await(() -> miner.state() == MinerState.RUNNING, Duration.ofSeconds(20));
            assertThat(pool.logins.poll(20, TimeUnit.SECONDS)).as("logged in again after a restart").isNotNull();
        } finally {
            jsonRpc.close();
        }
    }

    @Test
    void aStratumPortThatIsTakenFailsTheMinerWithTheReasonAndTheNodeCarriesOn() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             TestNode node = TestNode.builder(dir).plugin("randomx-cluster", RandomxClusterPlugin::new)
                     .set("randomx-cluster.pools", "[{ url = \"127.0.0.1:1\", user = \"rig\" }]")
                     .set("randomx-cluster.mode", "\"light\"")
                     .set("randomx-cluster.threads", "1")
                     .set("randomx-cluster.huge_pages", "\"off\"")
                     .set("randomx-cluster.stratum_listen", "\"127.0.0.1:" + taken.getLocalPort() + "\"")
                     .start()) {
            Miner miner = node.miner(RandomxClusterPlugin.MINER_ID).orElseThrow();
            await(() -> miner.state() == MinerState.FAILED, Duration.ofSeconds(30));
            assertThat(miner.stateDetail()).contains(String.valueOf(taken.getLocalPort()));
            assertThat(stats(node).get("state").asText()).isEqualTo("FAILED");
            assertThat(node.get("/health").statusCode()).isEqualTo(200);
        }
    }

    private static JsonRpcValue nextSubmitFor(FakePool pool, String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonRpcValue submit = pool.submits.poll(1, TimeUnit.SECONDS);
            if (submit != null && submit.get("job_id").asString().equals(jobId)) {
                return submit;
            }
        }
        throw new AssertionError("no share for job " + jobId + " within 60 s");
    }

    static JsonNode stats(TestNode node) {
        HttpResponse<String> response = node.get("/api/v1/randomx-cluster/stats");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("stats is not JSON: " + response.body(), e);
        }
    }

    static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
