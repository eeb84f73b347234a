package io.quarry.poies.stratum;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.jsonrpc.JsonRpcLimits;
import io.quarry.poies.node.Work;
import io.quarry.poies.ws.FakeNode;
import io.quarry.poies.ws.Templates;
import io.quarry.testing.HostileInput;
import io.quarry.testkit.TestJsonRpc;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile lines at a logged-in Stratum connection: noise and mutations of real subscribe, authorize and submit
 * lines. After each, a sentinel request proves the connection still serves; everything before the sentinel's answer
 * must be well-formed Stratum (an answer with exactly one of result and error, or a server notification), at most
 * one answer per line.
 */
class StratumFuzzTest {

    @Test
    void answersHostileLinesWithWellFormedStratumAndKeepsServing() throws Exception {
        Work work = Templates.work(3, "tpl-3", 20_000_000);
        FakeNode fake = new FakeNode(work, 10_000);
        long nonce = FakeNode.find(work, 0, ppm -> ppm >= 10_000);
        List<byte[]> samples = List.of(
                "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"fuzz/1\"]}".getBytes(StandardCharsets.UTF_8),
                "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"rig1\",\"x\"]}".getBytes(StandardCharsets.UTF_8),
                ("{\"id\":3,\"method\":\"mining.submit\",\"params\":[\"rig1\",\"tpl-3\",\"" + String.format("%016x", nonce)
                        + "\"]}").getBytes(StandardCharsets.UTF_8),
                ("{\"id\":null,\"method\":\"mining.submit\",\"params\":[\"rig1\",\"tpl-3\",\"0x"
                        + String.format("%016x", nonce + 1) + "\",\"0x" + "ab".repeat(64) + "\"]}")
                        .getBytes(StandardCharsets.UTF_8));
        try (TestJsonRpc jsonRpc = TestJsonRpc.open()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            StratumServer server = new StratumServer(jsonRpc.servers("fuzz", registry), new StratumSettings(
                    "127.0.0.1", 0, JsonRpcLimits.DEFAULTS.withMaxLineBytes(StratumSettings.MAX_LINE_BYTES)
                            .withRate(0, 1).withGlobalRate(0, 1)), // a fuzzer is fast, not hostile to rates
                    WorkBackend.of(fake), registry, "fuzz.stratum");
            server.start();
            StratumTestClient miner = login(server);
            int cases = HostileInput.cases(300);
            for (int i = 0; i < cases; i++) {
                HostileInput input = HostileInput.forCase(i);
                byte[] bytes = input.nextInt(4) == 0 ? input.noise(200) : input.mutate(samples);
                String line = new String(bytes, StandardCharsets.UTF_8).replace('\n', ' ').replace('\r', ' ');
                if (line.length() > 3000) {
                    line = line.substring(0, 3000);
                }
                miner.line(line);
                miner.line("{\"id\":\"sentinel-" + i + "\",\"method\":\"mining.subscribe\",\"params\":[]}");
                int answers = 0;
                while (true) {
                    JsonNode message = miner.next();
                    assertThat(message).as("case %d: connection closed after %s", i, line).isNotNull();
                    if (message.has("method")) {
                        assertThat(message.path("method").asText()).isIn("mining.notify", "mining.set_difficulty");
                        continue;
                    }
                    assertThat(message.has("result") && message.has("error")).as("case %d: %s", i, message).isTrue();
                    assertThat(message.path("result").isNull() ^ message.path("error").isNull())
                            .as("case %d: %s", i, message).isTrue();
                    if (!message.path("error").isNull()) {
                        assertThat(message.path("error").get(0).isInt()).isTrue();
                        assertThat(message.path("error").get(1).asText()).isNotBlank();
                    }
                    if (message.path("id").asText().equals("sentinel-" + i)) {
                        break;
                    }
                    answers++;
                }
                assertThat(answers).as("case %d answered more than once: %s", i, line).isLessThanOrEqualTo(1);
            }
            miner.close();
            try (StratumTestClient fresh = login(server)) {
                assertThat(fresh.call("mining.submit", "rig1", "tpl-3", String.format("%016x", nonce + 7))
                        .has("error")).isTrue();
            }
            server.close();
        }
    }

    private static StratumTestClient login(StratumServer server) throws Exception {
        StratumTestClient miner = new StratumTestClient(server.address());
        miner.call("mining.subscribe", "fuzz/1");
        assertThat(miner.call("mining.authorize", "rig1", "x").path("result").asBoolean()).isTrue();
        miner.notification("mining.notify");
        return miner;
    }
}
