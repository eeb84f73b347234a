package io.quarry.poies.stratum;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.jsonrpc.JsonRpcLimits;
import io.quarry.api.jsonrpc.JsonRpcServers;
import io.quarry.api.limit.RateLimit;
import io.quarry.api.limit.RateLimiter;
import io.quarry.poies.hash.UDraw;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.CanonicalHeader;
import io.quarry.poies.model.Nonce;
import io.quarry.poies.model.ShareDigest;
import io.quarry.poies.node.ShareSource;
import io.quarry.poies.node.SubmitResult;
import io.quarry.poies.node.Work;
import io.quarry.poies.ws.FakeNode;
import io.quarry.poies.ws.Templates;
import io.quarry.testkit.TestJsonRpc;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Stratum server (docs/plugins.md, poies-miner Stratum) on the kernel's line server, driven by a plain TCP client
 * written for the test.
 */
class StratumServerTest {

    private static final long THETA = 20_000_000;
    /** A share target of 5% of Θ: one nonce in e^1 ≈ 2.7 meets it. */
    private static final long TARGET_PPM = 50_000;

    private final TestJsonRpc jsonRpc = TestJsonRpc.open();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JsonRpcServers rpc = jsonRpc.servers("test", registry);
    private final Work first = Templates.work(7, "tpl-7-a", THETA);
    private final FakeNode fake = new FakeNode(first, TARGET_PPM);
    private StratumServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        jsonRpc.close();
    }

    private StratumServer start(JsonRpcLimits limits) {
        server = new StratumServer(rpc, new StratumSettings("127.0.0.1", 0, limits), WorkBackend.of(fake), registry,
                "test.stratum");
        server.start();
        return server;
    }

    private StratumServer start() {
        return start(JsonRpcLimits.DEFAULTS.withMaxLineBytes(StratumSettings.MAX_LINE_BYTES));
    }

    private StratumTestClient client() throws Exception {
        return new StratumTestClient(server.address());
    }

    /** Subscribes and authorizes {@code worker}; returns the first mining.notify (after its set_difficulty). */
    private static JsonNode login(StratumTestClient miner, String worker) throws Exception {
        miner.call("mining.subscribe", "test-miner/1.0");
        assertThat(miner.call("mining.authorize", worker, "x").path("result").asBoolean()).isTrue();
        miner.notification("mining.set_difficulty");
        return miner.notification("mining.notify");
    }

    @Test
    void subscribeAuthorizeThenSetDifficultyAndTheExtendedNotify() throws Exception {
        start();
        try (StratumTestClient miner = client()) {
            JsonNode subscribed = miner.call("mining.subscribe", "test-miner/1.0");
            assertThat(subscribed.has("jsonrpc")).isFalse();
            assertThat(subscribed.path("error").isNull()).isTrue();
            JsonNode result = subscribed.path("result");
            assertThat(result.get(0).get(0).get(0).asText()).isEqualTo("mining.set_difficulty");
            assertThat(result.get(0).get(1).get(0).asText()).isEqualTo("mining.notify");
            assertThat(result.get(1).asText()).matches("[0-9a-f]{8}");
            assertThat(result.get(2).asInt()).isEqualTo(4);

            assertThat(miner.call("mining.authorize", "rig1", "x").path("result").asBoolean()).isTrue();
            JsonNode difficulty = miner.next();
            assertThat(difficulty.path("method").asText()).isEqualTo("mining.set_difficulty");
            assertThat(difficulty.path("id").isNull()).isTrue();
            assertThat(difficulty.path("params").get(0).asDouble()).isCloseTo(Math.E,
                    org.assertj.core.data.Offset.offset(1e-9));
            assertThat(difficulty.path("params").get(1).asLong()).isEqualTo(TARGET_PPM);
            assertThat(difficulty.path("params").get(2).asLong()).isEqualTo(1_000_000);

            JsonNode notify = miner.next();
            assertThat(notify.path("method").asText()).isEqualTo("mining.notify");
            JsonNode p = notify.path("params");
            assertThat(p.size()).isEqualTo(9);
            assertThat(p.get(IssuedJob.JOB_ID).asText()).isEqualTo("tpl-7-a");
            assertThat(p.get(IssuedJob.PARENT_HASH).asText()).isEqualTo(first.template().parentHash().toString());
            assertThat(p.get(IssuedJob.HEIGHT).asLong()).isEqualTo(7);
            assertThat(p.get(IssuedJob.HEADER).asText())
                    .isEqualTo(Bytes.of(CanonicalHeader.encode(first.template())).toString());
            assertThat(p.get(IssuedJob.MIX_SEED).asText()).isEqualTo(first.template().mixSeed().toString());
            assertThat(p.get(IssuedJob.THETA_MICRO).asLong()).isEqualTo(THETA);
            assertThat(p.get(IssuedJob.POLICY_ROOTS).path("poiesPolicy").asText())
                    .isEqualTo(first.template().policyRoots().poiesPolicy().toString());
            assertThat(p.get(IssuedJob.POLICY_ROOTS).path("algPolicy").asText())
                    .isEqualTo(first.template().policyRoots().algPolicy().toString());
            assertThat(p.get(IssuedJob.BLOCK_H_MICRO).asLong()).isEqualTo(THETA);
            assertThat(p.get(IssuedJob.CLEAN_JOBS).asBoolean()).isTrue();
            assertThat(server.authorizedSessions()).isEqualTo(1);
        }
    }

    @Test
    void aMinerHashingTheNotifiedHeaderGetsItsSharesAccepted() throws Exception {
        start();
        try (StratumTestClient miner = client()) {
            JsonNode notify = login(miner, "rig1");
            // Hash exactly as an outside miner would: header || nonce || mixSeed from the notify alone.
            byte[] header = HexFormat.of().parseHex(notify.path("params").get(IssuedJob.HEADER).asText().substring(2));
            Bytes mixSeed = Bytes.parseHex(notify.path("params").get(IssuedJob.MIX_SEED).asText(), 32, "mixSeed");
            long nonce = firstMeeting(header, mixSeed, THETA, 0);
            JsonNode answer = miner.call("mining.submit", "rig1", "tpl-7-a", String.format("%016x", nonce));
            assertThat(answer.path("result").asBoolean()).as(answer.toString()).isTrue();
            assertThat(answer.path("error").isNull()).isTrue();

            long second = firstMeeting(header, mixSeed, THETA, nonce + 1);
            Bytes digest = ShareDigest.compute(header, second, mixSeed);
            JsonNode withDigest = miner.call("mining.submit", "rig1", "tpl-7-a", Nonce.toHex(second),
                    digest.toString());
            assertThat(withDigest.path("result").asBoolean()).as(withDigest.toString()).isTrue();
            assertThat(fake.sources()).hasSize(2).allSatisfy(source -> {
                assertThat(source.channel()).isEqualTo(ShareSource.STRATUM);
                assertThat(source.peer()).startsWith("poies-stratum");
            });
        }
    }

    @Test
    void refusesStaleDuplicateMalformedAndOverTargetSharesWithPreciseErrors() throws Exception {
        start();
        try (StratumTestClient miner = client()) {
            login(miner, "rig1");
            long good = FakeNode.find(first, 0, ppm -> ppm >= TARGET_PPM);
            assertThat(miner.call("mining.submit", "rig1", "tpl-7-a", hex(good)).path("result").asBoolean()).isTrue();

            assertError(miner.call("mining.submit", "rig1", "tpl-7-a", hex(good)), StratumError.DUPLICATE, "duplicate");

            long weak = FakeNode.find(first, 0, ppm -> ppm < TARGET_PPM);
            assertError(miner.call("mining.submit", "rig1", "tpl-7-a", hex(weak)), StratumError.LOW_DIFFICULTY,
                    "target_ratio");

            JsonNode malformed = miner.call("mining.submit", "rig1", "tpl-7-a", "zz");
            assertError(malformed, StratumError.OTHER, "schema");
            assertThat(malformed.path("error").get(1).asText()).contains("params[2] (nonce)");
            assertError(miner.call("mining.submit", "rig1", "tpl-7-a", 12345), StratumError.OTHER, "schema");
            assertError(miner.call("mining.submit", "rig1", "tpl-7-a"), StratumError.OTHER, "schema");

            long other = FakeNode.find(first, good + 1, ppm -> ppm >= TARGET_PPM);
            assertError(miner.call("mining.submit", "rig1", "tpl-7-a", hex(other), "0x" + "00".repeat(64)),
                    StratumError.OTHER, "header_link");

            assertError(miner.call("mining.submit", "rig1", "tpl-nope", hex(other)), StratumError.JOB_NOT_FOUND,
                    "unknown_template");

            // The head moves: the job sent before is stale.
            fake.rotate(Templates.work(8, "tpl-8-a", THETA), true);
            JsonNode clean = miner.notification("mining.notify");
            assertThat(clean.path("params").get(IssuedJob.CLEAN_JOBS).asBoolean()).isTrue();
            assertError(miner.call("mining.submit", "rig1", "tpl-7-a", hex(other)), StratumError.JOB_NOT_FOUND,
                    "stale");
        }
        assertThat(fake.recorded).containsEntry("schema", 3).containsEntry("unknown_template", 1);
        assertThat(fake.results).extracting(SubmitResult::reason)
                .containsExactly("", "duplicate", "target_ratio", "header_link", "stale");
    }

    @Test
    void refusesSharesBeforeSubscribeAndFromWorkersNotAuthorized() throws Exception {
        start();
        try (StratumTestClient miner = client()) {
            JsonNode early = miner.call("mining.submit", "rig1", "tpl-7-a", hex(1));
            assertThat(early.path("error").get(0).asInt()).isEqualTo(StratumError.NOT_SUBSCRIBED);
            assertThat(miner.call("mining.authorize", "rig1", "x").path("error").get(0).asInt())
                    .isEqualTo(StratumError.NOT_SUBSCRIBED);
            login(miner, "rig1");
            JsonNode stranger = miner.call("mining.submit", "rig2", "tpl-7-a", hex(1));
            assertThat(stranger.path("error").get(0).asInt()).isEqualTo(StratumError.UNAUTHORIZED);
            assertThat(stranger.path("error").get(1).asText()).contains("rig2");
            JsonNode badWorker = miner.call("mining.authorize", "has space", "x");
            assertThat(badWorker.path("error").get(0).asInt()).isEqualTo(-32602);
            assertThat(miner.call("mining.set_difficulty", 5).path("error").get(0).asInt()).isEqualTo(-32601);
        }
        assertThat(fake.results).isEmpty();
    }

    @Test
    void pushesNewJobsCleanOnlyWhenTheHeadMovedAndRetargetsFirst() throws Exception {
        start();
        try (StratumTestClient miner = client()) {
            login(miner, "rig1");
            fake.rotate(Templates.work(7, "tpl-7-b", THETA), false);
            JsonNode same = miner.next();
            assertThat(same.path("method").asText()).isEqualTo("mining.notify");
            assertThat(same.path("params").get(IssuedJob.JOB_ID).asText()).isEqualTo("tpl-7-b");
            assertThat(same.path("params").get(IssuedJob.CLEAN_JOBS).asBoolean()).isFalse();

            fake.shareDRatioPpm(100_000);
            fake.rotate(Templates.work(8, "tpl-8-a", THETA), true);
            JsonNode difficulty = miner.next();
            assertThat(difficulty.path("method").asText()).isEqualTo("mining.set_difficulty");
            assertThat(difficulty.path("params").get(1).asLong()).isEqualTo(100_000);
            JsonNode clean = miner.next();
            assertThat(clean.path("params").get(IssuedJob.CLEAN_JOBS).asBoolean()).isTrue();
            // A job of the old head is stale once the head moved.
            long onB = FakeNode.find(Templates.work(7, "tpl-7-b", THETA), 0, ppm -> ppm >= 100_000);
            assertThat(miner.call("mining.submit", "rig1", "tpl-7-b", hex(onB)).path("error").get(1).asText())
                    .startsWith("stale");
        }
    }

    @Test
    void givesEachConnectionItsOwnExtranonce() throws Exception {
        start();
        try (StratumTestClient a = client(); StratumTestClient b = client()) {
            String ea = a.call("mining.subscribe").path("result").get(1).asText();
            String eb = b.call("mining.subscribe").path("result").get(1).asText();
            assertThat(ea).isNotEqualTo(eb);
            assertThat(a.call("mining.subscribe").path("result").get(1).asText()).isEqualTo(ea);
        }
    }

    @Test
    void answersGarbageLinesAndHangsUpOnAnOversizeLine() throws Exception {
        start();
        try (StratumTestClient miner = client()) {
            miner.line("GET / HTTP/1.1");
            JsonNode parse = miner.next();
            assertThat(parse.path("error").get(0).asInt()).isEqualTo(-32700);
            assertThat(parse.path("id").isNull()).isTrue();
            miner.line("{\"id\":1,\"method\":42}");
            assertThat(miner.next().path("error").get(0).asInt()).isEqualTo(-32600);
            login(miner, "rig1");

            miner.line("{\"id\":2,\"method\":\"mining.submit\",\"params\":[\"" + "a".repeat(
                    StratumSettings.MAX_LINE_BYTES) + "\"]}");
            JsonNode tooLong = miner.next();
            assertThat(tooLong.path("error").get(0).asInt()).isEqualTo(-32600);
            assertThat(miner.closedByServer()).isTrue();
        }
    }

    @Test
    void sharesTheNodesPerAddressBucketsWithTheOtherEndpoints() throws Exception {
        fake.limiter(new RateLimiter(new RateLimit(0.001, 2), new RateLimit(0, 1)));
        start();
        try (StratumTestClient miner = client()) {
            login(miner, "rig1");
            long good = FakeNode.find(first, 0, ppm -> ppm >= TARGET_PPM);
            JsonNode limited = miner.call("mining.submit", "rig1", "tpl-7-a", hex(good));
            assertThat(limited.path("error").get(0).asInt()).isEqualTo(-32005);
            assertThat(limited.path("error").get(2).path("reason").asText()).isEqualTo("rate_limited");
        }
        assertThat(fake.recorded).containsEntry("rate_limited", 1);
    }

    private static void assertError(JsonNode answer, int code, String reason) {
        assertThat(answer.path("result").isNull()).as(answer.toString()).isTrue();
        JsonNode error = answer.path("error");
        assertThat(error.isArray()).as(answer.toString()).isTrue();
        assertThat(error.get(0).asInt()).as(answer.toString()).isEqualTo(code);
        assertThat(error.get(1).asText()).as(answer.toString()).startsWith(reason + ": ");
        assertThat(error.get(2).path("reason").asText()).isEqualTo(reason);
    }

    private static String hex(long nonce) {
        return String.format("%016x", nonce);
    }

    private static long firstMeeting(byte[] header, Bytes mixSeed, long theta, long from) {
        for (long nonce = from; ; nonce++) {
            Bytes digest = ShareDigest.compute(header, nonce, mixSeed);
            if (UDraw.dRatioPpm(UDraw.hMicro(ShareDigest.u(digest)), theta) >= TARGET_PPM) {
                return nonce;
            }
        }
    }
}
