package io.quarry.randomx.stratum;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.jsonrpc.JsonRpcServers;
import io.quarry.randomx.job.JobFixtures;
import io.quarry.testing.MutableClock;
import io.quarry.testkit.TestJsonRpc;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutated Monero Stratum lines from a logged-in miner, from fixed seeds: whatever they are, the endpoint keeps
 * answering (or hangs up on that miner only) and goes on serving a well-behaved miner.
 */
class StratumFuzzTest {

    private static final String ALPHABET = "{}[]\":,0123456789abcdefxyz-. \\";

    private final TestJsonRpc jsonRpc = TestJsonRpc.open();
    private final JsonRpcServers rpc = jsonRpc.servers("test");
    private final Sha256Hasher hasher = new Sha256Hasher();
    private StratumServer server;

    @BeforeEach
    void start() {
        FakeWorkSource upstream = new FakeWorkSource(false);
        upstream.push(JobFixtures.job("u1", 5000, 0));
        server = new StratumServer(rpc, StratumSettings.of("127.0.0.1:0", 100).withVardiff(Duration.ZERO,
                Duration.ofSeconds(60)), upstream, hasher, new SimpleMeterRegistry(), new MutableClock(0));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        jsonRpc.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void mutatedSubmitsNeverHurtTheEndpoint(long seed) throws Exception {
        Random random = new Random(seed);
        try (StratumTestMiner hostile = new StratumTestMiner(server.address())) {
            hostile.login("hostile");
            String valid = "{\"id\":7,\"jsonrpc\":\"2.0\",\"method\":\"submit\",\"params\":{\"id\":\"" + hostile.loginId
                    + "\",\"job_id\":\"" + hostile.job.get("job_id").asText() + "\",\"nonce\":\"01000000\","
                    + "\"result\":\"" + "ab".repeat(32) + "\"}}";
            for (int i = 0; i < 8; i++) {
                StringBuilder line = new StringBuilder(valid);
                for (int m = 1 + random.nextInt(5); m > 0; m--) {
                    int at = random.nextInt(line.length());
                    char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                    switch (random.nextInt(3)) {
                        case 0 -> line.setCharAt(at, c);
                        case 1 -> line.insert(at, c);
                        default -> line.deleteCharAt(at);
                    }
                }
                hostile.send(line.toString().replace("\n", ""));
            }
            answeredOrClosed(hostile);
        }
        try (StratumTestMiner honest = new StratumTestMiner(server.address())) {
            honest.login("honest");
            var share = honest.find(honest.job, hasher, d -> d >= 100);
            assertThat(honest.submit(honest.job.get("job_id").asText(), share.nonceHex(), share.resultHex())
                    .get("result").get("status").asText()).isEqualTo("OK");
        }
    }

    /** Sends a keepalived with a fresh id and reads until its answer (or the server hung up). */
    private static void answeredOrClosed(StratumTestMiner miner) {
        try {
            miner.send("{\"id\":424242,\"jsonrpc\":\"2.0\",\"method\":\"keepalived\",\"params\":{\"id\":\""
                    + miner.loginId + "\"}}");
            while (true) {
                JsonNode line = miner.readJson();
                if (line.path("id").asLong() == 424242) {
                    assertThat(line.path("result").path("status").asText()).isEqualTo("KEEPALIVED");
                    return;
                }
            }
        } catch (IOException closed) {
            // Too many bad lines in a row: the kernel hangs up on this miner, which is fine.
        }
    }
}
