package io.quarry.kernel.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.jsonrpc.JsonRpcDialect;
import io.quarry.api.jsonrpc.JsonRpcLimits;
import io.quarry.api.jsonrpc.JsonRpcServer;
import io.quarry.testing.HostileInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Random and mutated lines never take the line server down, and never make the codec throw. */
class LineFuzzTest {

    private static final List<byte[]> VALID = HostileInput.utf8(
            "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"login\",\"params\":{\"login\":\"w\",\"pass\":\"x\"}}\n",
            "{\"id\":\"7\",\"method\":\"add\",\"params\":[1,2]}\n",
            "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"j\",true,[1,2]]}\n",
            "{\"id\":2,\"result\":{\"status\":\"OK\"},\"error\":null}\n",
            "{\"id\":3,\"error\":[21,\"Job not found\",null]}\n");

    private static JsonRpcFixture rpc;
    private static JsonRpcServer server;

    @BeforeAll
    static void start() {
        rpc = new JsonRpcFixture();
        JsonRpcLimits limits = JsonRpcLimits.DEFAULTS.withMaxLineBytes(512).withMaxConnections(10_000, 10_000)
                .withRate(1_000_000, 1_000_000).withGlobalRate(0, 1);
        server = rpc.open(JsonRpcFixture.loopback("fuzz").withDialect(JsonRpcDialect.STRATUM_V1).withLimits(limits),
                s -> TestMethods.methods());
    }

    @AfterAll
    static void stop() {
        rpc.close();
    }

    static IntStream serverCases() {
        return IntStream.range(0, HostileInput.cases(200));
    }

    static IntStream codecCases() {
        return IntStream.range(0, HostileInput.cases(2000));
    }

    /** Noise, a burst of mutated valid lines, or deeply nested params. */
    static byte[] hostileInput(HostileInput gen) {
        return switch (gen.nextInt(3)) {
            case 0 -> gen.noise(1200);
            case 1 -> {
                ByteArrayOutputStream burst = new ByteArrayOutputStream();
                int lines = 1 + gen.nextInt(20);
                for (int i = 0; i < lines; i++) {
                    burst.writeBytes(gen.mutate(VALID));
                }
                yield burst.toByteArray();
            }
            default -> {
                int depth = 1 + gen.nextInt(400);
                yield ("{\"id\":1,\"method\":\"echo\",\"params\":" + "[".repeat(depth) + "]".repeat(depth) + "}\n")
                        .getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("serverCases")
    void hostileLinesNeverKillTheServer(int index) throws IOException {
        byte[] input = hostileInput(HostileInput.forCase(index));
        try (var attacker = new LineSocket(server.address())) {
            attacker.sendRaw(input);
            // Whatever it answered, or whether it hung up: the server decides; it must just stay up.
            attacker.closedWithin(Duration.ofMillis(5));
        } catch (SocketException e) {
            // A reset is a legitimate way for the server to refuse the input.
        }
        try (var honest = new LineSocket(server.address())) {
            assertThat(honest.call("{\"id\":1,\"method\":\"add\",\"params\":[2,3]}").get("result").asInt())
                    .as("seed %d case %d", HostileInput.baseSeed(), index).isEqualTo(5);
        }
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("codecCases")
    void codecNeverThrows(int index) {
        byte[] input = hostileInput(HostileInput.forCase(1_000_000 + index));
        var codec = new JsonRpcCodec(JsonRpcDialect.JSON_RPC_2);
        for (String line : new String(input, StandardCharsets.ISO_8859_1).split("\n")) {
            assertThat(codec.parse(line.getBytes(StandardCharsets.ISO_8859_1))).isNotNull();
        }
    }
}
