package io.quarry.randomx.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.jsonrpc.JsonRpcServers;
import io.quarry.randomx.job.JobFixtures;
import io.quarry.randomx.job.MoneroDifficulty;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.Share;
import io.quarry.testing.MutableClock;
import io.quarry.testkit.TestJsonRpc;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoint driven by a line-based Monero Stratum miner over loopback. */
class StratumServerTest {

    private static final long DIFFICULTY = 1000;
    private static final long UPSTREAM_DIFFICULTY = 5000;

    private final TestJsonRpc jsonRpc = TestJsonRpc.open();
    private final JsonRpcServers rpc = jsonRpc.servers("test");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(System.currentTimeMillis());
    private final Sha256Hasher hasher = new Sha256Hasher();
    private FakeWorkSource upstream = new FakeWorkSource(false);
    private StratumServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        jsonRpc.close();
    }

    @Test
    void boundAddressIsEmptyUntilStartedSoStatsCanAskWhileTheMinerStarts() {
        server = new StratumServer(rpc, fixed(), upstream, hasher, registry, clock);
        assertThat(server.boundAddress()).isEmpty();
        assertThatThrownBy(server::address).isInstanceOf(IllegalStateException.class);
        upstream.push(JobFixtures.job("u1", UPSTREAM_DIFFICULTY, 0));
        server.start();
        assertThat(server.boundAddress()).contains(server.address());
        assertThat(server.address().getPort()).isPositive();
    }

    @Test
    void loginAnswersALoginIdAndAJobWithSeedHashAndAlgo() throws Exception {
        start(fixed());
        try (StratumTestMiner miner = miner()) {
            JsonNode result = miner.login("44wallet.rig1").get("result");
            assertThat(result.get("id").asText()).hasSize(32);
            assertThat(result.get("status").asText()).isEqualTo("OK");
            assertThat(result.get("extensions").toString()).contains("nicehash", "keepalive", "algo");
            JsonNode job = result.get("job");
            assertThat(job.get("algo").asText()).isEqualTo("rx/0");
            assertThat(job.get("seed_hash").asText()).isEqualTo(JobFixtures.SEED);
            assertThat(job.get("height").asLong()).isEqualTo(3195018);
            assertThat(job.get("target").asText()).isEqualTo(MoneroDifficulty.targetHex(DIFFICULTY));
            assertThat(job.get("job_id").asText()).isNotEmpty();
            // Worker 1 (0 is the node's own engine): the nonce's top byte is fixed to 1.
            assertThat(HexFormat.of().parseHex(job.get("blob").asText())[42]).isEqualTo((byte) 1);
        }
    }

    @Test
    void acceptsGoodSharesAndForwardsThoseTheUpstreamWants() throws Exception {
        start(fixed());
        try (StratumTestMiner miner = miner()) {
            miner.login("w");
            var minerOnly = miner.find(miner.job, hasher, d -> d >= DIFFICULTY && d < UPSTREAM_DIFFICULTY);
            assertThat(submit(miner, minerOnly).get("result").get("status").asText()).isEqualTo("OK");
            assertThat(upstream.submitted.poll(200, TimeUnit.MILLISECONDS)).isNull();

            var blockLevel = miner.find(miner.job, hasher, d -> d >= UPSTREAM_DIFFICULTY);
            assertThat(submit(miner, blockLevel).get("result").get("status").asText()).isEqualTo("OK");
            Share forwarded = upstream.submitted.poll(5, TimeUnit.SECONDS);
            assertThat(forwarded).isNotNull();
            assertThat(forwarded.nonce()).isEqualTo(blockLevel.nonce());
            assertThat(forwarded.job().jobId()).isEqualTo("u1");
            assertThat(forwarded.job().worker()).isEqualTo(1);
            assertThat(HexFormat.of().formatHex(forwarded.hash())).isEqualTo(blockLevel.resultHex());
            assertThat(server.counters().acceptedCount()).isEqualTo(2);
        }
    }

    @Test
    void rejectsBadSharesWithPreciseErrors() throws Exception {
        start(fixed());
        try (StratumTestMiner miner = miner()) {
            miner.login("w");
            String jobId = miner.job.get("job_id").asText();
            var good = miner.find(miner.job, hasher, d -> d >= DIFFICULTY);
            var weak = miner.find(miner.job, hasher, d -> d < DIFFICULTY);

            assertError(miner.submit(jobId, "zzzzzzzz", good.resultHex()), "Invalid nonce: expected 8 hex characters");
            assertError(miner.submit(jobId, "0100", good.resultHex()), "Invalid nonce: expected 8 hex characters");
            assertError(miner.submit(jobId, good.nonceHex(), good.resultHex().substring(2)),
                    "Invalid result: expected 64 hex characters");
            assertError(miner.submit("nope", good.nonceHex(), good.resultHex()), "Invalid job id");
            assertError(submit(miner, weak), "Low difficulty share");
            assertError(miner.submit(jobId, MoneroJob.nonceHex(good.nonce() + 1), "00".repeat(32)),
                    "Bad hash: result does not match the job and nonce");
            assertThat(submit(miner, good).get("result").get("status").asText()).isEqualTo("OK");
            assertError(submit(miner, good), "Duplicate share");
            assertError(miner.submit(jobId, MoneroJob.nonceHex(0x05000001), good.resultHex()),
                    "Invalid nonce; is miner not compatible with NiceHash?");
            JsonNode wrongId = miner.call("submit", JsonNodeFactory.instance.objectNode().put("id", "someone-else")
                    .put("job_id", jobId).put("nonce", good.nonceHex()).put("result", good.resultHex()));
            assertError(wrongId, "Unauthenticated");
            JsonNode numberNonce = miner.call("submit", JsonNodeFactory.instance.objectNode().put("id", miner.loginId)
                    .put("job_id", jobId).put("nonce", 5).put("result", good.resultHex()));
            assertThat(numberNonce.get("error").get("code").asInt()).isEqualTo(-32602);
            assertThat(numberNonce.get("error").get("message").asText()).contains("params.nonce");

            assertThat(server.counters().rejectedByReason()).containsEntry("invalid_nonce", 2L)
                    .containsEntry("invalid_result", 1L).containsEntry("unknown_job", 1L)
                    .containsEntry("low_difficulty", 1L).containsEntry("bad_hash", 1L)
                    .containsEntry("duplicate", 1L).containsEntry("nonce_range", 1L)
                    .containsEntry("unauthenticated", 1L).containsEntry("malformed", 1L);
            assertThat(registry.get("quarry.randomx.shares.rejected").tag("source", "stratum")
                    .tag("reason", "duplicate").counter().count()).isEqualTo(1);
            StratumMinerStats stats = server.miners().get(0);
            assertThat(stats.accepted()).isEqualTo(1);
            assertThat(stats.rejectedTotal()).isEqualTo(10);
        }
    }

    @Test
    void refusesSubmitsBeforeLogin() throws Exception {
        start(fixed());
        try (StratumTestMiner miner = miner()) {
            assertError(miner.submit("1", "00000000", "00".repeat(32)), "Unauthenticated");
            assertError(miner.keepalived(), "Unauthenticated");
        }
    }

    @Test
    void takesSharesForAReplacedJobOnlyDuringTheGrace() throws Exception {
        start(fixed());
        try (StratumTestMiner miner = miner()) {
            miner.login("w");
            JsonNode old = miner.job;
            var first = miner.find(old, hasher, d -> d >= DIFFICULTY);
            var second = miner.find(old, hasher, d -> d >= DIFFICULTY, (first.nonce() & 0xFFFFFF) + 1);

            upstream.push(JobFixtures.job("u2", UPSTREAM_DIFFICULTY, 1));
            JsonNode fresh = miner.nextJob();
            assertThat(fresh.get("job_id").asText()).isNotEqualTo(old.get("job_id").asText());

            assertThat(submit(miner, old, first).get("result").get("status").asText()).isEqualTo("OK");
            clock.advance(StratumSettings.DEFAULT_STALE_GRACE.plusSeconds(1));
            assertError(submit(miner, old, second), "Block expired");
            var onFresh = miner.find(fresh, hasher, d -> d >= DIFFICULTY);
            assertThat(submit(miner, fresh, onFresh).get("result").get("status").asText()).isEqualTo("OK");
            assertThat(server.counters().rejectedByReason()).containsEntry("stale", 1L);
        }
    }

    @Test
    void answersGarbageLinesAndKeepsServingTheMiner() throws Exception {
        start(fixed());
        try (StratumTestMiner miner = miner()) {
            miner.login("w");
            miner.send("hello");
            assertThat(miner.readJson().get("error").get("code").asInt()).isEqualTo(-32700);
            miner.send("{\"id\":5,\"method\":");
            assertThat(miner.readJson().get("error").get("code").asInt()).isEqualTo(-32700);
            miner.send("[1,2]");
            assertThat(miner.readJson().get("error").get("code").asInt()).isEqualTo(-32600);
            miner.send("{\"id\":6,\"jsonrpc\":\"2.0\",\"method\":\"getwork\",\"params\":{}}");
            assertThat(miner.readJson().get("error").get("code").asInt()).isEqualTo(-32601);

            assertThat(miner.keepalived().get("result").get("status").asText()).isEqualTo("KEEPALIVED");
            var good = miner.find(miner.job, hasher, d -> d >= DIFFICULTY);
            assertThat(submit(miner, good).get("result").get("status").asText()).isEqualTo("OK");
        }
    }

    @Test
    void twoMinersGetDisjointNonceRanges() throws Exception {
        start(fixed());
        try (StratumTestMiner alice = miner(); StratumTestMiner bob = miner()) {
            alice.login("alice");
            bob.login("bob");
            byte[] aliceBlob = HexFormat.of().parseHex(alice.job.get("blob").asText());
            byte[] bobBlob = HexFormat.of().parseHex(bob.job.get("blob").asText());
            assertThat(aliceBlob[42]).isNotEqualTo(bobBlob[42]);

            // Bob cannot claim work from Alice's range.
            var alicesShare = alice.find(alice.job, hasher, d -> d >= DIFFICULTY);
            assertError(submit(bob, bob.job, alicesShare), "Invalid nonce; is miner not compatible with NiceHash?");

            upstream.push(JobFixtures.job("u2", UPSTREAM_DIFFICULTY, 2));
            assertThat(HexFormat.of().parseHex(alice.nextJob().get("blob").asText())[42]).isEqualTo(aliceBlob[42]);
            assertThat(HexFormat.of().parseHex(bob.nextJob().get("blob").asText())[42]).isEqualTo(bobBlob[42]);
            assertThat(server.minersConnected()).isEqualTo(2);
        }
    }

    @Test
    void reservedAreaUpstreamGivesEachMinerItsOwnBlobAndTheWholeNonceRange() throws Exception {
        upstream = new FakeWorkSource(true);
        start(fixed());
        try (StratumTestMiner alice = miner(); StratumTestMiner bob = miner()) {
            JsonNode login = alice.login("alice").get("result");
            bob.login("bob");
            assertThat(login.get("extensions").toString()).doesNotContain("nicehash");
            assertThat(alice.job.get("blob").asText()).isNotEqualTo(bob.job.get("blob").asText());
            byte[] blob = HexFormat.of().parseHex(alice.job.get("blob").asText());
            assertThat(blob[42]).isZero();
            var share = alice.find(alice.job, hasher, d -> d >= DIFFICULTY);
            assertThat(submit(alice, share).get("result").get("status").asText()).isEqualTo("OK");
        }
    }

    @Test
    void vardiffFollowsTheMinersShareRate() throws Exception {
        upstream.push(JobFixtures.job("u1", 10_000_000, 0));
        start(settings(1000).withVardiff(Duration.ofSeconds(10), Duration.ofSeconds(10)));
        try (StratumTestMiner miner = miner()) {
            miner.login("w");
            assertThat(miner.job.get("target").asText()).isEqualTo(MoneroDifficulty.targetHex(1000));
            int from = 0;
            for (int found = 0; found < 10; found++) {
                var share = miner.find(miner.job, hasher, d -> d >= 1000, from);
                assertThat(submit(miner, share).get("result").get("status").asText()).isEqualTo("OK");
                from = (share.nonce() & 0xFFFFFF) + 1;
            }
            // Ten shares of difficulty 1000 in 10 s is 1000 H/s: one share per 10 s needs difficulty 10000,
            // which comes with the next upstream job (re-sending the same blob would make XMRig redo its work).
            clock.advance(Duration.ofSeconds(10));
            miner.keepalived();
            assertThat(server.miners().get(0).difficulty()).isEqualTo(10_000);
            upstream.push(JobFixtures.job("u2", 10_000_000, 1));
            assertThat(miner.nextJob().get("target").asText()).isEqualTo(MoneroDifficulty.targetHex(10_000));
            // A silent window halves it.
            clock.advance(Duration.ofSeconds(10));
            miner.keepalived();
            upstream.push(JobFixtures.job("u3", 10_000_000, 2));
            assertThat(miner.nextJob().get("target").asText()).isEqualTo(MoneroDifficulty.targetHex(5_000));
            assertThat(server.miners().get(0).difficulty()).isEqualTo(5_000);
        }
    }

    @Test
    void saysSoWhenItCannotVerifyAShare() throws Exception {
        FakeWorkSource source = upstream;
        source.push(JobFixtures.job("u1", UPSTREAM_DIFFICULTY, 0));
        server = new StratumServer(rpc, fixed(), source, (seed, blob) -> {
            throw new IllegalStateException("engine re-keying");
        }, registry, clock);
        server.start();
        try (StratumTestMiner miner = miner()) {
            miner.login("w");
            var share = miner.find(miner.job, hasher, d -> d >= DIFFICULTY);
            assertError(submit(miner, share), "Share could not be verified right now; it was not counted");
            assertThat(server.counters().rejectedByReason()).containsEntry("unverified", 1L);
            assertThat(server.counters().acceptedCount()).isZero();
        }
    }

    @Test
    void refusesLoginsUntilThereIsWork() throws Exception {
        upstream = new FakeWorkSource(false);
        server = new StratumServer(rpc, fixed().withTiming(StratumSettings.DEFAULT_STALE_GRACE, Duration.ofMillis(200)),
                upstream, hasher, registry, clock);
        server.start();
        try (StratumTestMiner miner = miner()) {
            assertError(miner.login("w"), "No work yet: the node is still connecting to its upstream");
        }
    }

    @Test
    void reportsEachMinersFigures() throws Exception {
        start(fixed());
        try (StratumTestMiner miner = miner()) {
            miner.login("rig-7");
            submit(miner, miner.find(miner.job, hasher, d -> d >= DIFFICULTY));
            StratumMinerStats stats = server.miners().get(0);
            assertThat(stats.login()).isEqualTo("rig-7");
            assertThat(stats.agent()).startsWith("XMRig/");
            assertThat(stats.worker()).isEqualTo(1);
            assertThat(stats.accepted()).isEqualTo(1);
            assertThat(stats.hashrate().tenSeconds()).isPositive();
            assertThat(server.hashrate().tenSeconds()).isPositive();
            assertThat(server.minersConnected()).isEqualTo(1);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.minersConnected() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.minersConnected()).isZero();
    }

    private StratumSettings fixed() {
        return settings(DIFFICULTY).withVardiff(Duration.ZERO, Duration.ofSeconds(60));
    }

    private static StratumSettings settings(long difficulty) {
        return StratumSettings.of("127.0.0.1:0", difficulty);
    }

    private void start(StratumSettings settings) {
        if (upstream.currentJob().isEmpty()) {
            upstream.push(JobFixtures.job("u1", UPSTREAM_DIFFICULTY, 0));
        }
        server = new StratumServer(rpc, settings, upstream, hasher, registry, clock);
        server.start();
    }

    private StratumTestMiner miner() throws Exception {
        return new StratumTestMiner(server.address());
    }

    private static JsonNode submit(StratumTestMiner miner, StratumTestMiner.Found found) throws Exception {
        return submit(miner, miner.job, found);
    }

    private static JsonNode submit(StratumTestMiner miner, JsonNode job, StratumTestMiner.Found found)
            throws Exception {
        return miner.submit(job.get("job_id").asText(), found.nonceHex(), found.resultHex());
    }

    private static void assertError(JsonNode answer, String message) {
        assertThat(answer.path("error").path("message").asText()).as(answer.toString()).isEqualTo(message);
        assertThat(answer.get("error").get("code").asInt()).isEqualTo(-1);
    }
}
