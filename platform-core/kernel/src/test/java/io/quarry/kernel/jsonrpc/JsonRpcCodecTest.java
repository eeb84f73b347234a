package io.quarry.kernel.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.jsonrpc.JsonRpcDialect;
import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcValue;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lenient reading, dialect-true writing, and the value view handlers read params through. */
class JsonRpcCodecTest {

    private final JsonRpcCodec json2 = new JsonRpcCodec(JsonRpcDialect.JSON_RPC_2);

    private Incoming parse(String line) {
        return json2.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] line) {
        return new String(line, StandardCharsets.UTF_8);
    }

    @Test
    void readsStratumV1RequestsWithoutVersionMember() {
        var call = (Incoming.Call) parse("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
        assertThat(call.request().id()).isEqualTo(1L);
        assertThat(call.request().method()).isEqualTo("mining.subscribe");
        assertThat(call.request().params().size()).isZero();
    }

    @Test
    void treatsANullIdAsANotification() {
        var call = (Incoming.Call) parse("{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"j\",true]}");
        assertThat(call.request().isNotification()).isTrue();
        assertThat(call.request().params().get(1).asBoolean()).isTrue();
    }

    @Test
    void readsRepliesWithObjectOrArrayErrors() {
        var ok = (Incoming.Reply) parse("{\"id\":\"5\",\"result\":{\"status\":\"OK\"},\"error\":null}");
        assertThat(ok.error()).isNull();
        assertThat(ok.result().get("status").asString()).isEqualTo("OK");
        var stratum = (Incoming.Reply) parse("{\"id\":2,\"result\":null,\"error\":[23,\"Low difficulty share\",null]}");
        assertThat(stratum.error()).isEqualTo(new JsonRpcError(23, "Low difficulty share"));
        var monero = (Incoming.Reply) parse("{\"id\":3,\"jsonrpc\":\"2.0\",\"error\":{\"code\":-1,\"message\":\"Block expired\"}}");
        assertThat(monero.error().message()).isEqualTo("Block expired");
    }

    @Test
    void refusesWhatIsNotOneRequestObject() {
        assertThat(((Incoming.Malformed) parse("{\"id\":1,")).error().code()).isEqualTo(JsonRpcError.PARSE_ERROR);
        assertThat(((Incoming.Malformed) parse("{} {}")).error().code()).isEqualTo(JsonRpcError.PARSE_ERROR);
        assertThat(((Incoming.Malformed) parse("[{\"id\":1,\"method\":\"a\"}]")).error().code())
                .isEqualTo(JsonRpcError.INVALID_REQUEST);
        var badMethod = (Incoming.Malformed) parse("{\"id\":9,\"method\":7}");
        assertThat(badMethod.error().code()).isEqualTo(JsonRpcError.INVALID_REQUEST);
        assertThat(badMethod.id()).isEqualTo(9L);
        assertThat(((Incoming.Malformed) parse("{\"id\":[1],\"method\":\"a\"}")).id()).isNull();
        assertThat(((Incoming.Malformed) parse("[".repeat(100) + "]".repeat(100))).reason())
                .isEqualTo(JsonRpcCodec.PARSE_ERROR);
    }

    @Test
    void writesEachDialectsEnvelope() throws Exception {
        assertThat(text(json2.result(1L, 5))).isEqualTo("{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":5}\n");
        assertThat(text(json2.error("a", new JsonRpcError(-32601, "Method not found: x"))))
                .isEqualTo("{\"id\":\"a\",\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32601,\"message\":\"Method not found: x\"}}\n");
        var monero = new JsonRpcCodec(JsonRpcDialect.MONERO_STRATUM);
        assertThat(text(monero.result(1L, Map.of("status", "OK"))))
                .isEqualTo("{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{\"status\":\"OK\"},\"error\":null}\n");
        assertThat(text(monero.notification("job", Map.of("job_id", "1"))))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"job\",\"params\":{\"job_id\":\"1\"}}\n");
        var v1 = new JsonRpcCodec(JsonRpcDialect.STRATUM_V1);
        assertThat(text(v1.request(3L, "mining.subscribe", null)))
                .isEqualTo("{\"id\":3,\"method\":\"mining.subscribe\",\"params\":[]}\n");
        assertThat(text(v1.notification("mining.set_difficulty", List.of(16))))
                .isEqualTo("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[16]}\n");
    }

    @Test
    void writesRecordsAndEchoedValues() throws Exception {
        record Job(String jobId, long height) {
        }
        assertThat(text(json2.result(1L, new Job("j", 9)))).contains("\"result\":{\"jobId\":\"j\",\"height\":9}");
        var params = ((Incoming.Call) parse("{\"id\":1,\"method\":\"e\",\"params\":{\"a\":[1,2.5,\"x\"]}}"))
                .request().params();
        assertThat(text(json2.result(1L, params))).contains("\"result\":{\"a\":[1,2.5,\"x\"]}");
    }

    @Test
    void valueViewNamesWhereAWrongShapeSits() {
        var params = ((Incoming.Call) parse(
                "{\"id\":1,\"method\":\"login\",\"params\":{\"login\":5,\"big\":123456789012345678901234567890}}"))
                .request().params();
        assertThatThrownBy(() -> params.get("login").asString())
                .isInstanceOf(JsonRpcException.class)
                .hasMessageContaining("params.login: expected a string, found the number 5")
                .satisfies(e -> assertThat(((JsonRpcException) e).code()).isEqualTo(JsonRpcError.INVALID_PARAMS));
        assertThatThrownBy(() -> params.get("pass").asString()).hasMessageContaining("params.pass").hasMessageContaining("nothing");
        assertThatThrownBy(() -> params.get(0)).hasMessageContaining("params: expected an array");
        assertThat(params.get("big").asBigInteger()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThatThrownBy(() -> params.get("big").asLong()).hasMessageContaining("64-bit");
        assertThat(params.optional("agent")).isEmpty();
        assertThat(new JsonRpcValue("x", 2.0).asLong()).isEqualTo(2);
    }
}
