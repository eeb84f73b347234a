package io.quarry.kernel.jsonrpc;

import static io.quarry.kernel.jsonrpc.RecordingListener.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.jsonrpc.JsonRpcClient;
import io.quarry.api.jsonrpc.JsonRpcClientSettings;
import io.quarry.api.jsonrpc.JsonRpcDialect;
import io.quarry.api.jsonrpc.JsonRpcEndpoint;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcMethods;
import io.quarry.api.jsonrpc.JsonRpcServer;
import io.quarry.api.jsonrpc.JsonRpcServerSettings;
import io.quarry.api.jsonrpc.JsonRpcTransportException;
import io.quarry.api.jsonrpc.JsonRpcTransportException.Kind;
import io.quarry.api.jsonrpc.JsonRpcValue;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client against loopback line servers: answers, notifications, failover, reconnect and failures. */
class JsonRpcClientTest {

    private static final Duration FAST = Duration.ofMillis(50);

    private static JsonRpcEndpoint endpoint(JsonRpcServer server) {
        return new JsonRpcEndpoint("127.0.0.1", server.address().getPort(), false);
    }

    private static JsonRpcClientSettings client(JsonRpcEndpoint... endpoints) {
        return JsonRpcClientSettings.of("pool", List.of(endpoints)).withBackoff(FAST, Duration.ofMillis(200));
    }

    /** A port nothing listens on (bound, then released). */
    private static int deadPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static JsonRpcValue result(CompletableFuture<JsonRpcValue> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<JsonRpcValue> future) {
        try {
            future.get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected the request to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sendsRequestsAndDeliversServerNotifications() throws Exception {
        JsonRpcMethods methods = new JsonRpcMethods(Map.of(
                "login", (session, request) -> {
                    session.notify("job", Map.of("job_id", "1", "blob", "0707"));
                    return Map.of("status", "OK");
                },
                "add", (session, request) -> request.params().get(0).asLong() + request.params().get(1).asLong()));
        var settings = JsonRpcFixture.loopback("pool").withDialect(JsonRpcDialect.MONERO_STRATUM);
        RecordingListener listener = new RecordingListener();
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(settings, s -> methods);
             JsonRpcClient client = rpc.rpc.connect(client(endpoint(server))
                     .withDialect(JsonRpcDialect.MONERO_STRATUM), listener)) {
            assertThat(await(listener.connected)).isEqualTo(endpoint(server));
            assertThat(client.connectedEndpoint()).contains(endpoint(server));

            assertThat(result(client.request("login", Map.of("login", "wallet"))).get("status").asString())
                    .isEqualTo("OK");
            var job = await(listener.notifications);
            assertThat(job.method()).isEqualTo("job");
            assertThat(job.isNotification()).isTrue();
            assertThat(job.params().get("blob").asString()).isEqualTo("0707");

            assertThat(result(client.request("add", List.of(40, 2))).asLong()).isEqualTo(42);
            Throwable unknown = failure(client.request("nope", null));
            assertThat(unknown).isInstanceOf(JsonRpcException.class);
            assertThat(((JsonRpcException) unknown).code()).isEqualTo(-32601);
        }
    }

    @Test
    void failsOverToTheNextEndpointWhenTheFirstIsDown() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(JsonRpcFixture.loopback("backup"), s -> TestMethods.methods());
             JsonRpcClient client = rpc.rpc.connect(client(new JsonRpcEndpoint("127.0.0.1", deadPort(), false),
                     endpoint(server)), listener)) {
            assertThat(await(listener.connected)).isEqualTo(endpoint(server));
            assertThat(result(client.request("add", List.of(1, 2))).asLong()).isEqualTo(3);
            assertThat(rpc.registry.find("quarry.jsonrpc.client.connections").tag("event", "failed").counter()
                    .count()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void reconnectsAfterTheServerRestartsAndTellsTheListener() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (var rpc = new JsonRpcFixture()) {
            JsonRpcServer first = rpc.open(JsonRpcFixture.loopback("restart"), s -> TestMethods.methods());
            int port = first.address().getPort();
            try (JsonRpcClient client = rpc.rpc.connect(client(endpoint(first)), listener)) {
                await(listener.connected);
                assertThat(result(client.request("add", List.of(1, 1))).asLong()).isEqualTo(2);

                first.close();
                assertThat(await(listener.disconnected)).isNotBlank();
                assertThat(failure(client.request("add", List.of(1, 1))))
                        .isInstanceOf(JsonRpcTransportException.class);

                try (JsonRpcServer second = rpc.open(JsonRpcServerSettings.of("restart", "127.0.0.1", port),
                        s -> TestMethods.methods())) {
                    assertThat(await(listener.connected).port()).isEqualTo(port);
                    assertThat(result(client.request("add", List.of(2, 2))).asLong()).isEqualTo(4);
                }
            }
        }
    }

    @Test
    void failsPendingRequestsWhenTheConnectionDrops() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        JsonRpcMethods methods = new JsonRpcMethods(Map.of("hang", (session, request) -> {
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
        RecordingListener listener = new RecordingListener();
        try (var rpc = new JsonRpcFixture()) {
            JsonRpcServer server = rpc.open(JsonRpcFixture.loopback("drop"), s -> methods);
            try (JsonRpcClient client = rpc.rpc.connect(client(endpoint(server)), listener)) {
                await(listener.connected);
                CompletableFuture<JsonRpcValue> pending = client.request("hang", null);
                server.close();

                Throwable failure = failure(pending);
                assertThat(failure).isInstanceOf(JsonRpcTransportException.class)
                        .hasMessageContaining("lost").hasMessageContaining("hang");
                assertThat(((JsonRpcTransportException) failure).kind()).isEqualTo(Kind.CONNECTION_LOST);
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void failsARequestThatGetsNoAnswerInTime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        JsonRpcMethods methods = new JsonRpcMethods(Map.of("hang", (session, request) -> {
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
        RecordingListener listener = new RecordingListener();
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(JsonRpcFixture.loopback("slow"), s -> methods);
             JsonRpcClient client = rpc.rpc.connect(client(endpoint(server)), listener)) {
            await(listener.connected);
            Throwable failure = failure(client.request("hang", null, Duration.ofMillis(100)));
            assertThat(failure).isInstanceOf(JsonRpcTransportException.class);
            assertThat(((JsonRpcTransportException) failure).kind()).isEqualTo(Kind.TIMEOUT);
        } finally {
            release.countDown();
        }
    }

    @Test
    void failsAtOnceWhileNotConnected() throws Exception {
        try (var rpc = new JsonRpcFixture();
             JsonRpcClient client = rpc.rpc.connect(client(new JsonRpcEndpoint("127.0.0.1", deadPort(), false)),
                     new RecordingListener())) {
            Throwable failure = failure(client.request("add", List.of(1, 2)));
            assertThat(((JsonRpcTransportException) failure).kind()).isEqualTo(Kind.NOT_CONNECTED);
            assertThat(client.isConnected()).isFalse();
            assertThat(client.notify("keepalived", null)).isFalse();
        }
    }

    @Test
    void letsTheListenerWaitForALoginInsideOnConnected() throws Exception {
        CompletableFuture<String> loggedIn = new CompletableFuture<>();
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onConnected(JsonRpcClient client, JsonRpcEndpoint endpoint) {
                // Blocking here must not deadlock: the answer cannot queue behind this very call.
                JsonRpcValue answer = client.request("login", Map.of("login", "wallet")).join();
                loggedIn.complete(answer.get("status").asString());
            }
        };
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(JsonRpcFixture.loopback("login"), s -> TestMethods.methods());
             JsonRpcClient client = rpc.rpc.connect(client(endpoint(server)), listener)) {
            assertThat(loggedIn.get(5, TimeUnit.SECONDS)).isEqualTo("OK");
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    void dropsTheConnectionWhenTheServerSendsAnOverLongLine() throws Exception {
        JsonRpcMethods methods = new JsonRpcMethods(Map.of("subscribe", (session, request) -> {
            session.notify("job", List.of("x".repeat(2000)));
            return true;
        }));
        RecordingListener listener = new RecordingListener();
        try (var rpc = new JsonRpcFixture();
             JsonRpcServer server = rpc.open(JsonRpcFixture.loopback("huge"), s -> methods);
             JsonRpcClient client = rpc.rpc.connect(client(endpoint(server)).withMaxLineBytes(256), listener)) {
            await(listener.connected);
            client.request("subscribe", null);
            assertThat(await(listener.disconnected)).contains("over 256 bytes");
        }
    }

    @Test
    void rejectsSettingsWithoutEndpoints() {
        assertThatThrownBy(() -> JsonRpcClientSettings.of("pool", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one endpoint");
    }
}
