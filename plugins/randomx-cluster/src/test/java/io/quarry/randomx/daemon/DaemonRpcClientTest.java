package io.quarry.randomx.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.randomx.job.SubmitResult;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonRpcClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void fetchesABlockTemplateWithWalletAndReserve() throws Exception {
        try (FakeMonerod monerod = new FakeMonerod()) {
            monerod.answer("get_block_template", p -> FakeMonerod.template(3195018, 283305047039L, "0x41f64bf3ff"));
            BlockTemplate template = new DaemonRpcClient(monerod.url(), TIMEOUT).getBlockTemplate("44wallet", 8);

            FakeMonerod.Call call = monerod.calls("get_block_template").get(0);
            assertThat(call.params().get("wallet_address").asString()).isEqualTo("44wallet");
            assertThat(call.params().get("reserve_size").asLong()).isEqualTo(8);
            assertThat(template.height()).isEqualTo(3195018);
            assertThat(template.difficulty()).isEqualTo(BigInteger.valueOf(0x41f64bf3ffL));
            assertThat(HexFormat.of().formatHex(template.seedHash())).isEqualTo(MoneroVectors.SEED_V16);
            assertThat(template.reserveSize()).isEqualTo(8);
        }
    }

    @Test
    void readsWideDifficultiesBeyondSixtyFourBits() throws Exception {
        try (FakeMonerod monerod = new FakeMonerod()) {
            monerod.answer("get_block_template", p -> FakeMonerod.template(10, 5, "0x1000000000000000000"));
            BlockTemplate template = new DaemonRpcClient(monerod.url(), TIMEOUT).getBlockTemplate("w", 8);
            assertThat(template.difficulty()).isEqualTo(BigInteger.ONE.shiftLeft(72));
        }
    }

    @Test
    void readsTheChainTip() throws Exception {
        try (FakeMonerod monerod = new FakeMonerod()) {
            monerod.answer("get_info", p -> FakeMonerod.info(77, "ab"));
            assertThat(new DaemonRpcClient(monerod.url(), TIMEOUT).getInfo()).isEqualTo(new ChainTip(77, "ab"));
        }
    }

    @Test
    void submitsABlockAndReportsRefusals() throws Exception {
        try (FakeMonerod monerod = new FakeMonerod()) {
            DaemonRpcClient client = new DaemonRpcClient(monerod.url(), TIMEOUT);
            monerod.answer("submit_block", p -> Map.of("status", "OK"));
            assertThat(client.submitBlock(new byte[] {1, 2}).accepted()).isTrue();
            assertThat(monerod.calls("submit_block").get(0).params().get(0).asString()).isEqualTo("0102");

            monerod.answer("submit_block", p -> new FakeMonerod.Failure(-7, "Block not accepted"));
            SubmitResult refused = client.submitBlock(new byte[] {1});
            assertThat(refused.accepted()).isFalse();
            assertThat(refused.message()).contains("Block not accepted").contains("-7");
        }
    }

    @Test
    void saysWhatIsWrongWithABadDaemon() throws Exception {
        try (FakeMonerod monerod = new FakeMonerod()) {
            DaemonRpcClient client = new DaemonRpcClient(monerod.url(), TIMEOUT);
            monerod.answer("get_info", p -> Map.of("status", "BUSY"));
            assertThatThrownBy(client::getInfo).isInstanceOf(DaemonRpcException.class).hasMessageContaining("syncing");

            monerod.answer("get_block_template", p -> FakeMonerod.template(1, 1, null));
            assertThatThrownBy(() -> client.getBlockTemplate("w", 300)).hasMessageContaining("not inside miner_tx.extra");

            monerod.rawAnswer = "{\"id\":1,\"result\":{\"height\":1,}}";
            assertThatThrownBy(client::getInfo).hasMessageContaining("not JSON");
            monerod.rawAnswer = "[]";
            assertThatThrownBy(client::getInfo).hasMessageContaining("not a JSON-RPC response");
            monerod.rawAnswer = "{}";
            monerod.status = 401;
            assertThatThrownBy(client::getInfo).hasMessageContaining("HTTP 401").hasMessageContaining("rpc-login");
        }
    }

    @Test
    void saysWhenTheDaemonIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DaemonRpcClient client = new DaemonRpcClient("http://127.0.0.1:" + port, TIMEOUT);
        assertThatThrownBy(client::getInfo).isInstanceOf(DaemonRpcException.class)
                .hasMessageContaining("cannot reach monerod").hasMessageContaining("daemon_rpc");
    }

    @Test
    void refusesUrlsThatAreNotHttp() {
        assertThatThrownBy(() -> new DaemonRpcClient("127.0.0.1:18081", TIMEOUT)).hasMessageContaining("daemon_rpc");
        assertThatThrownBy(() -> new DaemonRpcClient("ftp://host", TIMEOUT)).hasMessageContaining("http://");
    }
}
