package io.quarry.kernel.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.jsonrpc.JsonRpcLimits;
import io.quarry.api.jsonrpc.JsonRpcServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Ids that cannot be echoed faithfully, malformed UTF-8, and lines that trickle in. */
class LineHardeningTest {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    @Test
    void refusesIdsThatCannotRoundTrip() throws Exception {
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(JsonRpcFixture.loopback("ids"), s -> TestMethods.methods());
             var socket = new LineSocket(server.address())) {
            for (String id : new String[] {"1e99999999", "-1e99999999", "1" + "0".repeat(400),
                    "\"" + "x".repeat(RequestIds.MAX_STRING_ID + 1) + "\""}) {
                JsonNode answer = socket.call("{\"id\":" + id + ",\"method\":\"add\",\"params\":[1,2]}");
                // A number too long for the strict reader is a parse error (-32700); the others parse but are no id.
                assertThat(answer.get("error").get("code").asInt()).as(id)
                        .isEqualTo(!id.startsWith("\"") && id.length() > io.quarry.api.json.StrictJson.MAX_NUMBER_LENGTH ? -32700 : -32600);
                assertThat(answer.get("id").isNull()).as(id).isTrue();
                assertThat(answer.toString()).doesNotContain("Infinity").doesNotContain("0".repeat(40));
            }
            assertThat(socket.call("{\"id\":9007199254740993,\"method\":\"add\",\"params\":[1,2]}").get("id").asLong())
                    .isEqualTo(9007199254740993L);
            assertThat(socket.call("{\"id\":\"abc\",\"method\":\"add\",\"params\":[1,2]}").get("result").asInt())
                    .isEqualTo(3);
        }
    }

    @Test
    void refusesOverlongUtf8() throws Exception {
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(JsonRpcFixture.loopback("utf8"), s -> TestMethods.methods());
             var socket = new LineSocket(server.address())) {
            // "/" written as the overlong two-byte form C0 AF, inside a string.
            byte[] line = "{\"id\":1,\"method\":\"add\",\"params\":[1,2],\"x\":\"..??\"}\n".getBytes();
            int q = new String(line).indexOf("??");
            line[q] = (byte) 0xC0;
            line[q + 1] = (byte) 0xAF;
            JsonNode answer = socket.sendRaw(line).readJson();
            assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32700);
        }
    }

    @Test
    void closesAConnectionWhoseLineTricklesInForLongerThanTheDeadline() throws Exception {
        Duration deadline = Duration.ofMillis(500);
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(JsonRpcFixture.loopback("trickle")
                     .withLimits(JsonRpcLimits.DEFAULTS.withIdleTimeout(deadline)), s -> TestMethods.methods());
             var socket = new LineSocket(server.address())) {
            // Each byte comes well inside the idle timeout, so only the line deadline can end this.
            byte[] line = "{\"id\":1,\"method\":\"add\",\"params\":[1,2]}".getBytes();
            boolean closed = false;
            for (int i = 0; i < line.length && !closed; i++) {
                socket.sendRaw(new byte[] {line[i]});
                closed = socket.closedWithin(deadline.dividedBy(5));
            }
            assertThat(closed || socket.closedWithin(CLOSE_WAIT)).isTrue();
            assertThat(rpc.errors(LineDeadline.REASON)).isEqualTo(1);
        }
    }
}
