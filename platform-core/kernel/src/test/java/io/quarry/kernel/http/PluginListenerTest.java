package io.quarry.kernel.http;

import static io.quarry.kernel.http.TestHttp.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.http.HttpListener;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginListenerTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void servesAPluginsRoutesAtTheRootOfItsOwnPortWithoutTheToken() throws Exception {
        try (HttpServer server = server()) {
            server.start();
            HttpListener listener = server.forPlugin("demo").listener(new InetSocketAddress("127.0.0.1", 0));
            listener.route(HttpMethod.GET, "/health", request -> HttpResponse.ok(Map.of("status", "ok")));
            listener.route(HttpMethod.POST, "echo", request -> HttpResponse.ok(Map.of("body", request.bodyText())));
            listener.start();
            int port = listener.address().getPort();
            assertThat(port).isNotEqualTo(server.address().getPort());

            var health = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
            var echo = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("hi")).build(), BodyHandlers.ofString());
            assertThat(echo.statusCode()).isEqualTo(200);
            assertThat(echo.body()).contains("hi");
            // Not on the node's port.
            var onNodePort = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.address().getPort() + "/echo")).POST(HttpRequest.BodyPublishers.ofString("")).build(),
                    BodyHandlers.ofString());
            assertThat(onNodePort.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void removingThePluginClosesItsPort() throws Exception {
        try (HttpServer server = server()) {
            server.start();
            HttpListener listener = server.forPlugin("demo").listener(new InetSocketAddress("127.0.0.1", 0));
            listener.route(HttpMethod.GET, "/health", request -> HttpResponse.ok("ok"));
            listener.start();
            URI health = URI.create("http://127.0.0.1:" + listener.address().getPort() + "/health");
            assertThat(CLIENT.send(HttpRequest.newBuilder(health).build(), BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);

            server.removePlugin("demo");

            assertThatThrownBy(() -> CLIENT.send(HttpRequest.newBuilder(health).build(), BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
            listener.close();
        }
    }

    @Test
    void aBusyPortIsReportedWhenTheListenerStarts() {
        try (HttpServer server = server()) {
            server.start();
            HttpListener listener = server.forPlugin("demo").listener(server.address());
            assertThatThrownBy(listener::start).isInstanceOf(HttpServerException.class).hasMessageContaining("in use")
                    .hasMessageNotContaining("http.listen");
        }
    }
}
