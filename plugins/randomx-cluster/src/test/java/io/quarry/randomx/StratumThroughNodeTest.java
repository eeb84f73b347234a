package io.quarry.randomx;

import static io.quarry.randomx.RandomxClusterPluginTest.await;
import static io.quarry.randomx.RandomxClusterPluginTest.stats;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.randomx.daemon.Monerod;
import io.quarry.randomx.hashing.EngineSettings;
import io.quarry.randomx.hashing.HugePagesPolicy;
import io.quarry.randomx.hashing.RandomXEngine;
import io.quarry.randomx.hashing.RandomXMode;
import io.quarry.randomx.job.MoneroDifficulty;
import io.quarry.randomx.job.ShareHasher;
import io.quarry.randomx.stratum.StratumTestMiner;
import io.quarry.testkit.TestNode;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The node's Stratum endpoint driven by a Monero Stratum client written for the test, with work from a real
 * monerod (regtest): login and job shape, a valid share found with a RandomX engine of the test's own, a wrong
 * result, a duplicate, an unknown job id and one replaced longer than the grace ago, garbage lines and an oversize line, each with the
 * error and connection behaviour the endpoint documents (docs/plugins.md), and the counters in the stats route.
 *
 * <p>monerod's difficulty keeps the node's own light-mode thread from finding a block during the test (a block
 * would replace every miner's job); the outside miner's difficulty is fixed at {@value #SHARE_DIFFICULTY}.
 */
@Tag("daemon")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StratumThroughNodeTest {

    /** The node's own light-mode thread finds no block at this difficulty during the test. */
    private static final long BLOCK_DIFFICULTY = 1_000_000;
    private static final long SHARE_DIFFICULTY = 2;
    private static final HexFormat HEX = HexFormat.of();

    private Path dir;
    private Monerod monerod;
    private TestNode node;
    private RandomXEngine engine;
    private ShareHasher hasher;
    private InetSocketAddress endpoint;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("stratum-through-node");
        monerod = Monerod.start(dir, BLOCK_DIFFICULTY);
        node = SoloMiningOnMonerodTest.soloNode(dir.resolve("node"), monerod, 1)
                .set("randomx-cluster.stratum_listen", "\"127.0.0.1:0\"")
                .set("randomx-cluster.stratum_difficulty", Long.toString(SHARE_DIFFICULTY))
                .set("randomx-cluster.stratum_share_seconds", "0")
                .start();
        // "listen" is in the stats (null) from the start; the address once the endpoint is bound.
        await(() -> stats(node).path("stratum").path("listen").isTextual(), Duration.ofSeconds(30));
        String listen = stats(node).get("stratum").get("listen").asText(); // "/127.0.0.1:port"
        endpoint = new InetSocketAddress("127.0.0.1", Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)));
        engine = RandomXEngine.open(EngineSettings.defaults().withMode(RandomXMode.LIGHT).withThreads(1)
                .withHugePages(HugePagesPolicy.OFF));
        hasher = (seed, blob) -> {
            if (!engine.isSeed(seed)) {
                engine.setSeed(seed);
            }
            return engine.hash(blob);
        };
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (node != null) {
            node.close();
        }
        if (monerod != null) {
            monerod.close();
        }
    }

    @Test
    void loginAnswersAJobOfTheDaemonsTemplateWithSeedHashAndAlgo() throws Exception {
        try (StratumTestMiner miner = new StratumTestMiner(endpoint)) {
            JsonNode answer = miner.login("rig-login");
            assertThat(answer.has("error") && !answer.get("error").isNull()).as(answer.toString()).isFalse();
            JsonNode job = miner.job;
            String templateSeed = monerod.client().call("get_block_template", Map.of("wallet_address", Monerod.WALLET,
                    "reserve_size", 8)).get("seed_hash").asString();
            assertThat(job.get("seed_hash").asText()).isEqualTo(templateSeed);
            assertThat(job.get("algo").asText()).isEqualTo("rx/0");
            assertThat(job.get("height").asLong()).isEqualTo(monerod.client().getInfo().height());
            assertThat(HEX.parseHex(job.get("blob").asText())).hasSizeGreaterThanOrEqualTo(76);
            assertThat(MoneroDifficulty.difficultyOf(MoneroDifficulty.targetFromHex(job.get("target").asText())))
                    .isEqualTo(SHARE_DIFFICULTY);
            assertThat(miner.keepalived().get("result").get("status").asText()).isEqualTo("KEEPALIVED");
        }
    }

    @Test
    void validShareIsAcceptedAndCountedForTheMiner() throws Exception {
        long before = stratumCount("sharesAccepted");
        try (StratumTestMiner miner = new StratumTestMiner(endpoint)) {
            miner.login("rig-valid");
            StratumTestMiner.Found found = miner.find(miner.job, hasher, d -> d >= SHARE_DIFFICULTY);
            JsonNode answer = miner.submit(miner.job.get("job_id").asText(), found.nonceHex(), found.resultHex());
            assertThat(answer.get("result").get("status").asText()).as(answer.toString()).isEqualTo("OK");
            assertThat(stratumCount("sharesAccepted")).isEqualTo(before + 1);
            JsonNode me = minerEntry("rig-valid");
            assertThat(me.get("sharesAccepted").asLong()).isEqualTo(1);
            assertThat(me.get("worker").asInt()).as("worker 0 is the node's own engine").isPositive();
            assertThat(stats(node).get("minersConnected").asInt()).isPositive();
        }
    }

    @Test
    void wrongResultDuplicateAndUnknownJobAreRejectedAndTheConnectionStays() throws Exception {
        Map<String, Long> before = rejectedByReason();
        try (StratumTestMiner miner = new StratumTestMiner(endpoint)) {
            miner.login("rig-bad");
            String jobId = miner.job.get("job_id").asText();
            StratumTestMiner.Found found = miner.find(miner.job, hasher, d -> d >= SHARE_DIFFICULTY);

            // A result that meets the target but is not the hash of the job with that nonce.
            byte[] wrong = HEX.parseHex(found.resultHex());
            wrong[0] ^= 0x01;
            assertThat(error(miner.submit(jobId, found.nonceHex(), HEX.formatHex(wrong))))
                    .isEqualTo("Bad hash: result does not match the job and nonce");

            // The rejected nonce counts as used; the next one is searched after it.
            StratumTestMiner.Found next = miner.find(miner.job, hasher, d -> d >= SHARE_DIFFICULTY,
                    (found.nonce() & 0xFFFFFF) + 1);
            assertThat(miner.submit(jobId, next.nonceHex(), next.resultHex()).get("result").get("status").asText())
                    .isEqualTo("OK");
            assertThat(error(miner.submit(jobId, next.nonceHex(), next.resultHex()))).isEqualTo("Duplicate share");

            assertThat(error(miner.submit("no-such-job", next.nonceHex(), next.resultHex()))).isEqualTo("Invalid job id");
            assertThat(error(miner.submit(jobId, "xyz", next.resultHex())))
                    .isEqualTo("Invalid nonce: expected 8 hex characters");
            assertThat(miner.keepalived().get("result").get("status").asText()).as("still connected").isEqualTo("KEEPALIVED");
        }
        Map<String, Long> after = rejectedByReason();
        assertThat(after.getOrDefault("bad_hash", 0L)).isEqualTo(before.getOrDefault("bad_hash", 0L) + 1);
        assertThat(after.getOrDefault("duplicate", 0L)).isEqualTo(before.getOrDefault("duplicate", 0L) + 1);
        assertThat(after.getOrDefault("unknown_job", 0L)).isEqualTo(before.getOrDefault("unknown_job", 0L) + 1);
        assertThat(after.getOrDefault("invalid_nonce", 0L)).isEqualTo(before.getOrDefault("invalid_nonce", 0L) + 1);
    }

    @Test
    void aReplacedJobIsTakenForTheGraceThenExpires() throws Exception {
        long staleBefore = rejectedByReason().getOrDefault("stale", 0L);
        try (StratumTestMiner miner = new StratumTestMiner(endpoint)) {
            miner.login("rig-stale");
            JsonNode old = miner.job;
            StratumTestMiner.Found found = miner.find(old, hasher, d -> d >= SHARE_DIFFICULTY);
            // The node fetches a fresh template from monerod every 30 s (new transactions, a later timestamp) and
            // hands every miner new work; the old job id is then taken for 10 s more.
            JsonNode fresh = nextJob(miner, Duration.ofSeconds(45));
            assertThat(fresh.get("job_id").asText()).isNotEqualTo(old.get("job_id").asText());
            Thread.sleep(10_500);
            assertThat(error(miner.submit(old.get("job_id").asText(), found.nonceHex(), found.resultHex())))
                    .isEqualTo("Block expired");
        }
        assertThat(rejectedByReason().getOrDefault("stale", 0L)).isEqualTo(staleBefore + 1);
    }

    @Test
    void garbageLinesAreAnsweredAndAnOversizeLineClosesTheConnection() throws Exception {
        try (StratumTestMiner miner = new StratumTestMiner(endpoint)) {
            miner.login("rig-garbage");
            miner.send("this is not json");
            assertThat(miner.readJson().get("error").get("code").asInt()).isEqualTo(-32700);
            miner.send("{\"id\":7,\"method\":\"submit\",\"params\":");
            assertThat(miner.readJson().get("error").get("code").asInt()).isEqualTo(-32700);
            miner.send("[1,2,3]");
            assertThat(miner.readJson().get("error").get("code").asInt()).isEqualTo(-32600);
            assertThat(miner.keepalived().get("result").get("status").asText()).as("garbage does not end the session")
                    .isEqualTo("KEEPALIVED");

            miner.send("{\"id\":8,\"method\":\"keepalived\",\"params\":{\"pad\":\"" + "x".repeat(20_000) + "\"}}");
            JsonNode answer = miner.readJson();
            assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32600);
            assertThat(answer.get("error").get("message").asText()).startsWith("Line longer than");
            assertThat(miner.closedByServer()).isTrue();
        }
    }

    /** The next job notification, reading past the test miner's 10 s socket timeout until {@code timeout}. */
    private static JsonNode nextJob(StratumTestMiner miner, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return miner.nextJob();
            } catch (java.net.SocketTimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no new job within " + timeout, e);
                }
            }
        }
    }

    private static String error(JsonNode answer) {
        assertThat(answer.path("error").isObject()).as("an error answer: %s", answer).isTrue();
        assertThat(answer.get("error").get("code").asInt()).isEqualTo(-1);
        return answer.get("error").get("message").asText();
    }

    private long stratumCount(String field) {
        return stats(node).get("stratum").get(field).asLong();
    }

    private Map<String, Long> rejectedByReason() {
        Map<String, Long> out = new LinkedHashMap<>();
        stats(node).get("stratum").get("rejectedByReason").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    private JsonNode minerEntry(String login) {
        for (JsonNode m : stats(node).get("stratum").get("miners")) {
            if (m.get("login").asText().equals(login)) {
                return m;
            }
        }
        throw new AssertionError("no miner " + login + " in " + stats(node));
    }
}
