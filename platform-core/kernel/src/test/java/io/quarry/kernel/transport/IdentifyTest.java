package io.quarry.kernel.transport;

import static io.quarry.kernel.transport.Messages.PING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.transport.TransportException;
import io.quarry.kernel.transport.Messages.Ping;
import io.quarry.kernel.transport.Messages.Pong;
import io.quarry.kernel.transport.TestNodes.Node;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Trust on first use: {@code identify} learns the id of whichever node answers at an address. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class IdentifyTest {

    @Test
    void identifyLearnsTheNodeIdAndTheConnectionServesCalls() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().register(PING, (peer, ping) -> new Pong(ping.text(), ping.n(), peer));
            int port = server.transport().listenAddress().getPort();

            String learned = client.transport().identify("127.0.0.1", port).get(5, TimeUnit.SECONDS);
            Pong pong = client.transport().request(server.address(), PING, new Ping("x", 1)).get(5, TimeUnit.SECONDS);

            assertThat(learned).isEqualTo(server.id());
            assertThat(pong.peer()).isEqualTo(client.id());
            assertThat(client.gauge("quarry.transport.connections", "out")).isEqualTo(1);
        }
    }

    @Test
    void identifyingOurOwnAddressFails() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node node = nodes.start();
            int port = node.transport().listenAddress().getPort();

            assertThatThrownBy(() -> node.transport().identify("127.0.0.1", port).get(5, TimeUnit.SECONDS))
                    .cause().isInstanceOf(TransportException.class).hasMessageContaining("is this node");
        }
    }

    @Test
    void identifyingAClosedPortFailsNamingTheAddress() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (TestNodes nodes = new TestNodes()) {
            Node client = nodes.start();
            int closed = port;

            assertThatThrownBy(() -> client.transport().identify("127.0.0.1", closed).get(5, TimeUnit.SECONDS))
                    .cause().isInstanceOf(TransportException.class).hasMessageContaining("127.0.0.1:" + closed);
        }
    }
}
