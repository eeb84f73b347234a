package io.quarry.kernel.transport;

import static io.quarry.kernel.transport.Messages.ECHO;
import static io.quarry.kernel.transport.Messages.PING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.handler.ssl.OpenSsl;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.TransportException;
import io.quarry.kernel.transport.Messages.Blob;
import io.quarry.kernel.transport.Messages.Ping;
import io.quarry.kernel.transport.Messages.Pong;
import io.quarry.kernel.transport.TestNodes.Node;
import java.security.KeyPair;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** BoringSSL and the JDK engine: the same certificates and checks, and nodes on either talk to each other. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsProviderTest {

    @Test
    void boringSslLoadsOnThePlatformsItIsBundledFor() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        assumeTrue(os.contains("linux") && (arch.equals("amd64") || arch.equals("aarch64")),
                "netty-tcnative is bundled for Linux x86_64 and aarch64 only");

        assertThat(OpenSsl.isAvailable()).as("BoringSSL: %s", OpenSsl.unavailabilityCause()).isTrue();
        KeyPair keys = TestNodes.newKeys();
        assertThat(NodeTls.create(keys, TestNodes.nodeId(keys)).provider()).isEqualTo(TlsProvider.OPENSSL);
    }

    @Test
    void closingFreesBoringSslOnceAndIsHarmlessToRepeat() {
        assumeTrue(OpenSsl.isAvailable());
        KeyPair keys = TestNodes.newKeys();
        NodeTls tls = NodeTls.create(keys, TestNodes.nodeId(keys), TlsProvider.OPENSSL);
        var engine = tls.serverEngine(io.netty.buffer.ByteBufAllocator.DEFAULT);

        tls.close();
        tls.close();

        // An engine made before close holds its own reference to the native context.
        assertThat(engine.getSupportedProtocols()).contains("TLSv1.3");
        io.netty.util.ReferenceCountUtil.release(engine);
    }

    @Test
    void theJdkEngineIsUsedWhenAskedFor() {
        KeyPair keys = TestNodes.newKeys();

        assertThat(NodeTls.create(keys, TestNodes.nodeId(keys), TlsProvider.JDK).provider())
                .isEqualTo(TlsProvider.JDK);
    }

    @Test
    void configNamesParseAndOthersAreRefusedNamingTheKey() {
        assertThat(TlsProvider.parse("transport.tls_provider", "openssl")).isEqualTo(TlsProvider.OPENSSL);
        assertThat(TlsProvider.parse("transport.tls_provider", "jdk")).isEqualTo(TlsProvider.JDK);
        assertThat(TlsProvider.parse("transport.tls_provider", "auto")).isEqualTo(TlsProvider.AUTO);
        assertThatThrownBy(() -> TlsProvider.parse("transport.tls_provider", "OpenSSL"))
                .hasMessage("transport.tls_provider must be \"auto\", \"openssl\" or \"jdk\", was \"OpenSSL\"");
    }

    @ParameterizedTest(name = "{0} server, {1} client")
    @CsvSource({"OPENSSL, OPENSSL", "OPENSSL, JDK", "JDK, OPENSSL", "JDK, JDK"})
    void nodesOnEitherEngineAuthenticateEachOtherAndMoveLargeMessages(TlsProvider serverTls, TlsProvider clientTls)
            throws Exception {
        assumeTrue(OpenSsl.isAvailable() || (serverTls == TlsProvider.JDK && clientTls == TlsProvider.JDK));
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start(TestNodes.FAST.withTlsProvider(serverTls));
            Node client = nodes.start(TestNodes.FAST.withTlsProvider(clientTls));
            assertThat(server.transport().tlsProvider()).isEqualTo(serverTls);
            server.transport().register(PING, (peer, ping) -> new Pong(ping.text(), ping.n() + 1, peer));
            server.transport().register(ECHO, (peer, blob) -> blob);
            byte[] large = new byte[3 << 20];
            new Random(7).nextBytes(large);

            Pong pong = client.transport().request(server.address(), PING, new Ping("hi", 1)).get(10, TimeUnit.SECONDS);
            Blob echoed = client.transport().request(server.address(), ECHO, new Blob(large)).get(10, TimeUnit.SECONDS);

            assertThat(pong.peer()).isEqualTo(client.id());
            assertThat(echoed.data()).isEqualTo(large);
        }
    }

    @ParameterizedTest(name = "{0} server, {1} client")
    @CsvSource({"OPENSSL, JDK", "JDK, OPENSSL"})
    void aDialerOnEitherEngineRefusesTheWrongNode(TlsProvider serverTls, TlsProvider clientTls) throws Exception {
        assumeTrue(OpenSsl.isAvailable());
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start(TestNodes.FAST.withTlsProvider(serverTls));
            Node client = nodes.start(TestNodes.FAST.withTlsProvider(clientTls));
            server.transport().register(PING, (peer, ping) -> new Pong("x", 0, peer));
            String other = TestNodes.nodeId(TestNodes.newKeys());
            int port = server.transport().listenAddress().getPort();

            CompletableFuture<Pong> call = client.transport().request(new PeerAddress(other, "127.0.0.1", port), PING,
                    new Ping("hi", 1));

            assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(TransportException.class)
                    .hasMessage("expected node " + other + " but the peer at 127.0.0.1:" + port + " is " + server.id());
            assertThat(client.errors("wrong_node")).isEqualTo(1);
        }
    }
}
