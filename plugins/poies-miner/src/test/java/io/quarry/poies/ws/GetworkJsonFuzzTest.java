package io.quarry.poies.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarry.api.json.StrictJson;
import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.model.SchemaException;
import io.quarry.poies.node.SubmitResult;
import io.quarry.poies.target.ShareTarget;
import io.quarry.testing.HostileInput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a miner reads from a node (templates, share targets, submit answers), mutated: every reader either returns
 * a value that passes its own checks or fails with {@link JsonRpcException} (-32602) or {@link SchemaException},
 * never with anything else. Messages that are not JSON at all never reach the readers (the client refuses them).
 */
class GetworkJsonFuzzTest {

    private static final ObjectMapper WRITER = new ObjectMapper();
    private static final StrictJson READER = StrictJson.builder().exactDecimals(true).build();

    @Test
    void readersOfNodeMessagesFailOnlyWithProtocolOrSchemaErrors() throws Exception {
        var work = Templates.work(9, "tpl-9", 20_000_000);
        List<byte[]> samples = List.of(
                bytes(Map.of("jsonrpc", "2.0", "method", GetworkJson.NEW_WORK,
                        "params", GetworkJson.newWorkParams(work.template()))),
                bytes(Map.of("jsonrpc", "2.0", "method", GetworkJson.SHARE_TARGET,
                        "params", List.of(GetworkJson.shareTarget(new ShareTarget(50_000, 1_000_000, 20_000_000))))),
                bytes(Map.of("jsonrpc", "2.0", "id", 4, "result", GetworkJson.submitResult(
                        SubmitResult.sealed(1_000_000, Bytes.ZERO32)))),
                bytes(Map.of("jsonrpc", "2.0", "id", 5, "error", Map.of("code", -32015, "message", "dup",
                        "data", GetworkJson.rejectionData(SubmitResult.DUPLICATE)))));
        int cases = HostileInput.cases(3000);
        int readable = 0;
        for (int i = 0; i < cases; i++) {
            HostileInput input = HostileInput.forCase(i);
            byte[] text = input.nextInt(5) == 0 ? input.noise(400) : input.mutate(samples);
            JsonNode message;
            try {
                message = READER.read(text);
            } catch (JacksonException notJson) {
                continue;
            }
            if (message == null || !message.isObject()) {
                continue;
            }
            try {
                String method = message.path("method").asText("");
                JsonNode first = message.path("params").path(0);
                if (GetworkJson.NEW_WORK.equals(method)) {
                    assertThat(PoiesJson.templateFromTree(first).templateId()).isNotEmpty();
                } else if (GetworkJson.SHARE_TARGET.equals(method)) {
                    ShareTarget target = GetworkJson.readShareTarget(first, "params[0]");
                    assertThat(target.dRatioPpm()).isPositive();
                } else if (message.has("result")) {
                    SubmitResult result = GetworkJson.readSubmitResult(new JsonRpcValue("result",
                            READER.mapper().convertValue(message.get("result"), Object.class)));
                    assertThat(result.isAccepted() == result.reason().isEmpty()).isTrue();
                } else if (message.path("error").isObject()) {
                    JsonNode error = message.get("error");
                    SubmitResult result = GetworkJson.readRejection(new JsonRpcError(error.path("code").asInt(),
                            error.path("message").asText(""),
                            READER.mapper().convertValue(error.get("data"), Object.class)));
                    assertThat(result.isAccepted()).isFalse();
                }
                readable++;
            } catch (JsonRpcException | SchemaException expected) {
                assertThat(expected.getMessage()).as("case %d", i).isNotBlank();
            }
        }
        assertThat(readable).as("some mutations stay readable").isPositive();
    }

    private static byte[] bytes(Object message) throws Exception {
        return WRITER.writeValueAsBytes(message);
    }
}
