package io.quarry.poies.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.NullNode;
import io.quarry.api.jsonrpc.JsonRpcError;
import org.junit.jupiter.api.Test;

class RpcCodecTest {

    private static final int MAX = 1024;

    @Test
    void readsRequestsNotificationsAndResponses() {
        RpcMessage request = RpcCodec.read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"miner_subscribe\","
                + "\"params\":[\"newWork\"]}", MAX);
        assertThat(request.expectsAnswer()).isTrue();
        assertThat(request.method()).isEqualTo("miner_subscribe");
        assertThat(request.param(0).asText()).isEqualTo("newWork");

        RpcMessage notification = RpcCodec.read("{\"jsonrpc\":\"2.0\",\"method\":\"miner.newWork\",\"params\":[{}]}",
                MAX);
        assertThat(notification.isCall()).isTrue();
        assertThat(notification.expectsAnswer()).isFalse();
        assertThat(notification.id()).isEqualTo(NullNode.instance);

        RpcMessage noParams = RpcCodec.read("{\"id\":\"a\",\"method\":\"m\"}", MAX);
        assertThat(noParams.params().isNull()).isTrue();
        assertThat(noParams.id().asText()).isEqualTo("a");

        RpcMessage result = RpcCodec.read("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"0x01\"}", MAX);
        assertThat(result.isCall()).isFalse();
        assertThat(result.isError()).isFalse();
        assertThat(result.result().asText()).isEqualTo("0x01");

        RpcMessage error = RpcCodec.read("{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32011,\"message\":\"stale\","
                + "\"data\":{\"reason\":\"stale\"}}}", MAX);
        assertThat(error.isError()).isTrue();
        assertThat(error.error().path("code").asInt()).isEqualTo(-32011);
    }

    @Test
    void refusesWhatIsNotOneJsonRpcMessageWithTheRightCode() {
        assertRefused("x".repeat(MAX + 1), JsonRpcError.INVALID_REQUEST, "over the limit");
        assertRefused("not json", JsonRpcError.PARSE_ERROR, "not valid JSON");
        assertRefused("", JsonRpcError.PARSE_ERROR, "empty");
        assertRefused("{\"id\":1,\"method\":\"m\"} trailing", JsonRpcError.PARSE_ERROR, "not valid JSON");
        assertRefused("{\"id\":1,\"id\":2,\"method\":\"m\"}", JsonRpcError.PARSE_ERROR, "not valid JSON");
        assertRefused("[" .repeat(20) + "]".repeat(20), JsonRpcError.PARSE_ERROR, "not valid JSON");
        assertRefused("{\"id\":1,\"method\":\"m\",\"params\":[1e9999999990000]}", JsonRpcError.PARSE_ERROR,
                "out of range");
        assertRefused("[{\"id\":1,\"method\":\"m\"}]", JsonRpcError.INVALID_REQUEST, "Batches");
        assertRefused("42", JsonRpcError.INVALID_REQUEST, "found a number");
        assertRefused("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST, "2.0");
        assertRefused("{\"id\":{},\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST, "\"id\"");
        assertRefused("{\"id\":1.5,\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST, "\"id\"");
        assertRefused("{\"id\":\"" + "i".repeat(200) + "\",\"method\":\"m\"}", JsonRpcError.INVALID_REQUEST, "\"id\"");
        assertRefused("{\"id\":1,\"method\":5}", JsonRpcError.INVALID_REQUEST, "\"method\"");
        assertRefused("{\"id\":1,\"method\":\"" + "m".repeat(65) + "\"}", JsonRpcError.INVALID_REQUEST, "\"method\"");
        assertRefused("{\"id\":1,\"method\":\"m\",\"params\":\"newWork\"}", JsonRpcError.INVALID_REQUEST,
                "\"params\"");
        assertRefused("{\"id\":1,\"method\":\"m\",\"result\":1}", JsonRpcError.INVALID_REQUEST, "no \"result\"");
        assertRefused("{\"result\":1}", JsonRpcError.INVALID_REQUEST, "Expected a request");
        assertRefused("{\"id\":1}", JsonRpcError.INVALID_REQUEST, "Expected a request");
        assertRefused("{\"id\":1,\"result\":1,\"error\":{\"code\":1,\"message\":\"m\"}}", JsonRpcError.INVALID_REQUEST,
                "Expected a request");
        assertRefused("{\"id\":1,\"error\":{\"code\":\"1\"}}", JsonRpcError.INVALID_REQUEST, "\"error\"");
    }

    @Test
    void answersUnderTheRequestIdWhenItCouldBeRead() {
        assertThatThrownBy(() -> RpcCodec.read("{\"id\":9,\"method\":\"m\",\"params\":3}", MAX))
                .isInstanceOfSatisfying(RpcProtocolException.class, e -> assertThat(e.id().asInt()).isEqualTo(9));
    }

    @Test
    void neverEchoesThePeersBytesInParseErrors() {
        String secretish = "{\"id\":1,\"method\":\"m\",\"params\":[" + "SECRET_TOKEN_XYZ" + "]}";
        assertThatThrownBy(() -> RpcCodec.read(secretish, MAX))
                .isInstanceOfSatisfying(RpcProtocolException.class, e -> assertThat(e.getMessage())
                        .doesNotContain("SECRET").contains("at character"));
    }

    @Test
    void writesJsonRpcTwoPointZero() throws Exception {
        var params = RpcCodec.NODES.arrayNode().add("newWork");
        assertThat(RpcCodec.request(3, "miner_subscribe", params))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"miner_subscribe\",\"params\":[\"newWork\"]}");
        assertThat(RpcCodec.notification("miner.newWork", RpcCodec.NODES.arrayNode()))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"method\":\"miner.newWork\",\"params\":[]}");
        assertThat(RpcCodec.error(NullNode.instance, -32700, "Parse error", null))
                .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}");
        RpcMessage back = RpcCodec.read(RpcCodec.result(RpcCodec.NODES.numberNode(5), null), MAX);
        assertThat(back.result().isNull()).isTrue();
    }

    private static void assertRefused(String text, int code, String messagePart) {
        assertThatThrownBy(() -> RpcCodec.read(text, MAX)).as(text)
                .isInstanceOfSatisfying(RpcProtocolException.class, e -> {
                    assertThat(e.code()).as(text).isEqualTo(code);
                    assertThat(e.getMessage()).as(text).contains(messagePart);
                });
    }
}
