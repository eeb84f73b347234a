package io.quarry.poies.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.PoiesJson;
import io.quarry.poies.model.SchemaException;
import io.quarry.poies.node.ShareTarget;
import io.quarry.poies.node.SubmitResult;
import io.quarry.testing.HostileInput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a miner reads from a node (templates, share targets, submit answers), mutated: every reader either returns
 * a value that passes its own checks or fails with {@link RpcProtocolException} or {@link SchemaException}, never
 * with anything else.
 */
class GetworkJsonFuzzTest {

    @Test
    void readersOfNodeMessagesFailOnlyWithProtocolOrSchemaErrors() {
        var work = Templates.work(9, "tpl-9", 20_000_000);
        List<byte[]> samples = List.of(
                bytes(RpcCodec.notification(GetworkJson.NEW_WORK, GetworkJson.newWorkParams(work.template()))),
                bytes(RpcCodec.notification(GetworkJson.SHARE_TARGET, RpcCodec.NODES.arrayNode()
                        .add(GetworkJson.shareTarget(new ShareTarget(50_000, 1_000_000, 20_000_000))))),
                bytes(RpcCodec.result(RpcCodec.NODES.numberNode(4), GetworkJson.submitResult(
                        SubmitResult.sealed(1_000_000, Bytes.ZERO32)))),
                bytes(RpcCodec.error(RpcCodec.NODES.numberNode(5), -32015, "dup",
                        GetworkJson.rejectionData(SubmitResult.DUPLICATE))));
        int cases = HostileInput.cases(3000);
        int readable = 0;
        for (int i = 0; i < cases; i++) {
            HostileInput input = HostileInput.forCase(i);
            String text = new String(input.nextInt(5) == 0 ? input.noise(400) : input.mutate(samples),
                    StandardCharsets.UTF_8);
            try {
                RpcMessage message = RpcCodec.read(text, 256 * 1024);
                if (GetworkJson.NEW_WORK.equals(message.method())) {
                    assertThat(PoiesJson.templateFromTree(message.param(0)).templateId()).isNotEmpty();
                } else if (GetworkJson.SHARE_TARGET.equals(message.method())) {
                    ShareTarget target = GetworkJson.readShareTarget(message.param(0), "params[0]");
                    assertThat(target.dRatioPpm()).isPositive();
                } else if (!message.isCall()) {
                    SubmitResult result = GetworkJson.readSubmitAnswer(message);
                    assertThat(result.isAccepted() == result.reason().isEmpty()).isTrue();
                }
                readable++;
            } catch (RpcProtocolException | SchemaException expected) {
                assertThat(expected.getMessage()).as("case %d", i).isNotBlank();
            }
        }
        assertThat(readable).as("some mutations stay readable").isPositive();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
