package io.quarry.kernel.jsonrpc;

import static io.quarry.kernel.jsonrpc.RecordingListener.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.jsonrpc.JsonRpcClient;
import io.quarry.api.jsonrpc.JsonRpcClientSettings;
import io.quarry.api.jsonrpc.JsonRpcEndpoint;
import io.quarry.api.jsonrpc.JsonRpcServer;
import io.quarry.api.jsonrpc.JsonRpcServerTls;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Line servers and clients over TLS: self-signed, from PEM files, and a client that refuses to trust. */
class TlsRoundTripTest {

    private static JsonRpcClientSettings tlsClient(JsonRpcServer server, boolean trustAll) {
        return JsonRpcClientSettings.of("tls-pool",
                        List.of(new JsonRpcEndpoint("localhost", server.address().getPort(), true)))
                .withTrustAllCertificates(trustAll)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    @Test
    void roundTripsWithASelfSignedCertificate() throws Exception {
        var settings = JsonRpcFixture.loopback("tls").withTls(JsonRpcServerTls.selfSigned());
        RecordingListener listener = new RecordingListener();
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(settings, s -> TestMethods.methods());
             JsonRpcClient client = rpc.rpc.connect(tlsClient(server, true), listener)) {
            assertThat(await(listener.connected).tls()).isTrue();
            assertThat(client.request("add", List.of(20, 22)).get(5, TimeUnit.SECONDS).asLong()).isEqualTo(42);
        }
    }

    @Test
    void servesACertificateFromPemFiles(@TempDir Path dir) throws Exception {
        var generated = SelfSignedCertificates.generate("localhost");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        try (Writer out = Files.newBufferedWriter(cert); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(generated.certificate());
        }
        try (Writer out = Files.newBufferedWriter(key); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new JcaPKCS8Generator(generated.keys().getPrivate(), null));
        }
        var settings = JsonRpcFixture.loopback("pem").withTls(JsonRpcServerTls.pem(cert, key));
        RecordingListener listener = new RecordingListener();
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(settings, s -> TestMethods.methods());
             JsonRpcClient client = rpc.rpc.connect(tlsClient(server, true), listener)) {
            await(listener.connected);
            assertThat(client.request("add", List.of(1, 2)).get(5, TimeUnit.SECONDS).asLong()).isEqualTo(3);
        }
    }

    @Test
    void aClientUsingJdkTrustRefusesASelfSignedServer() throws Exception {
        var settings = JsonRpcFixture.loopback("untrusted").withTls(JsonRpcServerTls.selfSigned());
        RecordingListener listener = new RecordingListener();
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(settings, s -> TestMethods.methods());
             JsonRpcClient client = rpc.rpc.connect(tlsClient(server, false), listener)) {
            var failures = rpc.registry.find("quarry.jsonrpc.client.connections").tag("event", "failed");
            for (int i = 0; i < 100 && (failures.counter() == null || failures.counter().count() < 2); i++) {
                Thread.sleep(50);
            }
            // Two refused handshakes in a row, and never a connection.
            assertThat(failures.counter().count()).isGreaterThanOrEqualTo(2);
            assertThat(listener.connected).isEmpty();
            assertThat(client.isConnected()).isFalse();
        }
    }
}
