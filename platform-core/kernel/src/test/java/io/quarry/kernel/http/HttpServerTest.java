package io.quarry.kernel.http;

import static io.quarry.kernel.http.TestHttp.TOKEN;
import static io.quarry.kernel.http.TestHttp.client;
import static io.quarry.kernel.http.TestHttp.get;
import static io.quarry.kernel.http.TestHttp.request;
import static io.quarry.kernel.http.TestHttp.server;
import static io.quarry.kernel.http.TestHttp.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.http.Http;
import io.quarry.api.http.Http.Access;
import io.quarry.api.http.HttpException;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HttpServerTest {

    record Item(String id, String color, boolean isVirtual) {
    }

    @Test
    void servesGetRouteWithPathParamsAndQuery() throws Exception {
        try (HttpServer server = server()) {
            server.forPlugin("demo").route(HttpMethod.GET, "items/{id}", request -> HttpResponse.ok(new Item(
                    request.pathParam("id"), request.queryParam("color").orElse("none"),
                    Thread.currentThread().isVirtual())));
            server.start();

            // The default client (HTTP/2 preferred) offers an h2c upgrade, which must simply be ignored.
            var response = HttpClient.newHttpClient().send(
                    request(server, "/api/v1/demo/items/a%20b?color=dark+red").build(), BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
            assertThat(response.body()).isEqualTo("{\"id\":\"a b\",\"color\":\"dark red\",\"isVirtual\":true}");
        }
    }

    @Test
    void tokenRouteNeedsTheRightBearerToken() throws Exception {
        try (HttpServer server = server()) {
            server.forPlugin("demo").route(HttpMethod.POST, "reset", request -> HttpResponse.ok(request.bodyText()));
            server.start();
            var post = request(server, "/api/v1/demo/reset").POST(BodyPublishers.ofString("go"));

            var missing = client().send(post.build(), BodyHandlers.ofString());
            var wrong = client().send(post.copy().header("Authorization", "Bearer nope").build(),
                    BodyHandlers.ofString());
            var right = client().send(post.copy().header("Authorization", "Bearer " + TOKEN).build(),
                    BodyHandlers.ofString());

            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.body()).isEqualTo("{\"error\":\"unauthorized\"}");
            assertThat(missing.headers().firstValue("www-authenticate")).hasValue("Bearer");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(right.body()).isEqualTo("\"go\"");
        }
    }

    @Test
    void tokenOffOnLoopbackLetsLocalCallersInButNotOtherWebsites() throws Exception {
        try (HttpServer server = server(false, new SimpleMeterRegistry())) {
            server.route(HttpMethod.POST, "/api/v1/node/thing", Access.TOKEN, request -> HttpResponse.noContent());
            server.start();
            var post = request(server, "/api/v1/node/thing").POST(BodyPublishers.noBody());

            var local = client().send(post.build(), BodyHandlers.ofString());
            // A page on another site posting to the node through the operator's browser (CSRF).
            var crossSite = client().send(post.copy().header("Origin", "http://evil.example").build(),
                    BodyHandlers.ofString());

            assertThat(local.statusCode()).isEqualTo(204);
            assertThat(crossSite.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void unknownRouteIs404Json() throws Exception {
        try (HttpServer server = server()) {
            server.start();

            var response = get(server, "/api/v1/nothing/here");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).isEqualTo("{\"error\":\"not found\",\"path\":\"/api/v1/nothing/here\"}");
        }
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        try (HttpServer server = server()) {
            server.route(HttpMethod.GET, "/api/v1/node/x", Access.OPEN, request -> HttpResponse.ok(1));
            server.route(HttpMethod.DELETE, "/api/v1/node/x", Access.TOKEN, request -> HttpResponse.ok(1));
            server.start();

            var response = client().send(request(server, "/api/v1/node/x").PUT(BodyPublishers.ofString("{}"))
                    .build(), BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("allow")).hasValue("GET, HEAD, DELETE");
            assertThat(response.body()).contains("\"error\":\"method not allowed\"");
        }
    }

    @Test
    void handlerErrorsBecomeJson() throws Exception {
        try (HttpServer server = server()) {
            Http http = server.forPlugin("demo");
            http.route(HttpMethod.GET, "conflict", request -> {
                throw new HttpException(409, "miner is already running");
            });
            http.route(HttpMethod.GET, "bug", request -> {
                throw new IllegalStateException("boom");
            });
            server.start();

            var conflict = get(server, "/api/v1/demo/conflict");
            var bug = get(server, "/api/v1/demo/bug");

            assertThat(conflict.statusCode()).isEqualTo(409);
            assertThat(conflict.body()).isEqualTo("{\"error\":\"miner is already running\"}");
            assertThat(bug.statusCode()).isEqualTo(500);
            assertThat(bug.body()).matches("\\{\"error\":\"internal error\",\"id\":\"[0-9a-f]{8}\"}")
                    .doesNotContain("boom");
        }
    }

    @Test
    void blockingHandlerDoesNotStopOtherRequests() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (HttpServer server = server()) {
            server.route(HttpMethod.GET, "/slow", Access.OPEN, request -> {
                // Blocks until /fast has been served: a server that handled one request at a time never gets there.
                return HttpResponse.ok(release.await(30, TimeUnit.SECONDS));
            });
            server.route(HttpMethod.GET, "/fast", Access.OPEN, request -> {
                release.countDown();
                return HttpResponse.ok("fast");
            });
            server.start();

            CompletableFuture<java.net.http.HttpResponse<String>> slow =
                    client().sendAsync(request(server, "/slow").build(), BodyHandlers.ofString());
            var fast = get(server, "/fast");

            assertThat(fast.statusCode()).isEqualTo(200);
            assertThat(slow.get(30, TimeUnit.SECONDS).body()).isEqualTo("true");
        }
    }

    @Test
    void headIsGetWithoutBody() throws Exception {
        try (HttpServer server = server()) {
            server.route(HttpMethod.GET, "/api/v1/node/info", Access.OPEN, request -> HttpResponse.ok("hello"));
            server.start();

            var response = client().send(request(server, "/api/v1/node/info")
                    .method("HEAD", BodyPublishers.noBody()).build(), BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-length")).hasValue("7");
            assertThat(response.body()).isEmpty();
        }
    }

    @Test
    void serialisesDurationsInstantsAndOptionals() throws Exception {
        record Figures(Duration uptime, Instant since, Optional<String> pool, Optional<String> none) {
        }
        try (HttpServer server = server()) {
            server.route(HttpMethod.GET, "/figures", Access.OPEN, request -> HttpResponse.ok(new Figures(
                    Duration.ofMillis(1500), Instant.parse("2024-01-02T03:04:05Z"), Optional.of("p"),
                    Optional.empty())));
            server.start();

            var response = get(server, "/figures");

            assertThat(response.body()).isEqualTo(
                    "{\"uptime\":1.5,\"since\":\"2024-01-02T03:04:05Z\",\"pool\":\"p\",\"none\":null}");
        }
    }

    @Test
    void literalSegmentWinsOverParameter() throws Exception {
        try (HttpServer server = server()) {
            server.route(HttpMethod.GET, "/m/{id}", Access.OPEN, request -> HttpResponse.ok("id"));
            server.route(HttpMethod.GET, "/m/summary", Access.OPEN, request -> HttpResponse.ok("summary"));
            server.start();

            assertThat(get(server, "/m/summary").body()).isEqualTo("\"summary\"");
            assertThat(get(server, "/m/7/").body()).isEqualTo("\"id\"");
        }
    }

    @Test
    void countsRequestsByRouteTemplate() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (HttpServer server = server(true, meters)) {
            server.forPlugin("demo").route(HttpMethod.GET, "items/{id}", request -> HttpResponse.ok(1));
            server.start();

            get(server, "/api/v1/demo/items/1");
            get(server, "/api/v1/demo/items/2");
            get(server, "/nope/1");

            Timer items = meters.find("quarry.http.requests")
                    .tags("method", "GET", "route", "/api/v1/demo/items/{id}", "status", "200").timer();
            Timer unmatched = meters.find("quarry.http.requests").tags("route", "unmatched", "status", "404").timer();
            assertThat(items).isNotNull();
            assertThat(items.count()).isEqualTo(2);
            assertThat(unmatched).isNotNull();
            assertThat(unmatched.count()).isEqualTo(1);
        }
    }

    @Test
    void registeringTheSameRouteTwiceFails() {
        try (HttpServer server = server()) {
            Http http = server.forPlugin("demo");
            http.route(HttpMethod.GET, "items/{id}", request -> HttpResponse.ok(1));

            assertThatThrownBy(() -> http.route(HttpMethod.GET, "/items/{name}", request -> HttpResponse.ok(2)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("GET /api/v1/demo/items/{name} is already registered");
            http.route(HttpMethod.POST, "items/{id}", request -> HttpResponse.ok(3));
        }
    }

    @Test
    void removedPluginRoutesAreGone() throws Exception {
        try (HttpServer server = server()) {
            server.forPlugin("demo").route(HttpMethod.GET, "stats", request -> HttpResponse.ok(Map.of("a", 1)));
            server.route(HttpMethod.GET, "/health", Access.OPEN, request -> HttpResponse.ok("up"));
            server.start();
            assertThat(get(server, "/api/v1/demo/stats").statusCode()).isEqualTo(200);

            server.removePlugin("demo");

            assertThat(get(server, "/api/v1/demo/stats").statusCode()).isEqualTo(404);
            assertThat(get(server, "/health").statusCode()).isEqualTo(200);
            // A restarted plugin may register again.
            server.forPlugin("demo").route(HttpMethod.GET, "stats", request -> HttpResponse.ok(2));
            assertThat(get(server, "/api/v1/demo/stats").body()).isEqualTo("2");
        }
    }

    @Test
    void portInUseSaysWhatToDo() {
        try (HttpServer first = server()) {
            first.start();
            int port = first.address().getPort();
            try (HttpServer second = new HttpServer("127.0.0.1", port, HttpLimits.DEFAULTS, TOKEN, true, null,
                    new SimpleMeterRegistry())) {
                assertThatThrownBy(second::start)
                        .isInstanceOf(HttpServerException.class)
                        .hasMessage("http.listen 127.0.0.1:" + port + " is already in use; pick another port with"
                                + " --set http.listen=127.0.0.1:PORT");
            }
        }
    }

    @Test
    @Timeout(120)
    void closeHangsUpOnBusyConnections() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = server();
        server.route(HttpMethod.GET, "/block", Access.OPEN, request -> {
            entered.countDown();
            release.await();
            return HttpResponse.ok("too late");
        });
        try {
            server.start();
            // No client-side timeout: only the server hanging up can end this request.
            var pending = client().sendAsync(HttpRequest.newBuilder(uri(server, "/block")).build(),
                    BodyHandlers.ofString());
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

            server.close();

            // close() returned while the handler is still blocked, and the caller was hung up on.
            assertThat(release.getCount()).isEqualTo(1);
            assertThatThrownBy(() -> pending.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
        } finally {
            release.countDown();
            server.close();
        }
    }

    @Test
    void startingTwiceFailsAndClosingTwiceIsHarmless() {
        HttpServer server = server();
        server.start();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
        server.close();
        server.close();
    }
}
