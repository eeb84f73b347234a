package io.quarry.kernel.http;

import static io.quarry.kernel.http.TestHttp.client;
import static io.quarry.kernel.http.TestHttp.get;
import static io.quarry.kernel.http.TestHttp.raw;
import static io.quarry.kernel.http.TestHttp.request;
import static io.quarry.kernel.http.TestHttp.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;

class StaticAssetsTest {

    private static final ClassLoader LOADER = StaticAssetsTest.class.getClassLoader();

    private static HttpServer started() {
        HttpServer server = server();
        server.forPlugin("demo").assets(LOADER, "test-assets/panel");
        server.kernelAssets(LOADER, "/test-assets/dashboard/");
        server.start();
        return server;
    }

    @Test
    void servesIndexForTheBarePanelPath() throws Exception {
        try (HttpServer server = started()) {
            var response = get(server, "/plugins/demo/");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
            assertThat(response.body()).contains("<title>demo panel</title>");
        }
    }

    @Test
    void redirectsThePanelPathWithoutSlash() throws Exception {
        try (HttpServer server = started()) {
            var response = get(server, "/plugins/demo");

            assertThat(response.statusCode()).isEqualTo(308);
            assertThat(response.headers().firstValue("location")).hasValue("/plugins/demo/");
        }
    }

    @Test
    void servesNestedFilesWithTheirContentType() throws Exception {
        try (HttpServer server = started()) {
            var css = get(server, "/plugins/demo/css/site.css");
            var js = get(server, "/plugins/demo/app.js");

            assertThat(css.statusCode()).isEqualTo(200);
            assertThat(css.headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
            assertThat(css.body()).contains("color: #333");
            assertThat(js.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        }
    }

    @Test
    void servesTheDashboardAtRoot() throws Exception {
        try (HttpServer server = started()) {
            var response = get(server, "/");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("quarry dashboard");
        }
    }

    @Test
    void missingFileAndDirectoryAre404Json() throws Exception {
        try (HttpServer server = started()) {
            var missing = get(server, "/plugins/demo/nope.js");
            var directory = get(server, "/plugins/demo/css");

            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).isEqualTo("{\"error\":\"not found\",\"path\":\"/plugins/demo/nope.js\"}");
            assertThat(directory.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void onlyGetAndHeadReachAssets() throws Exception {
        try (HttpServer server = started()) {
            var post = client().send(request(server, "/plugins/demo/app.js").POST(BodyPublishers.noBody()).build(),
                    BodyHandlers.ofString());

            assertThat(post.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void traversalOutOfTheRootIsRefused() throws Exception {
        try (HttpServer server = started()) {
            String dotDot = raw(server.address(), "GET /plugins/demo/../secret.txt HTTP/1.1\r\nHost: x\r\n\r\n");
            String encoded = raw(server.address(), "GET /plugins/demo/%2e%2e/secret.txt HTTP/1.1\r\nHost: x\r\n\r\n");
            String slashInSegment = raw(server.address(),
                    "GET /plugins/demo/..%2Fsecret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

            assertThat(dotDot).startsWith("HTTP/1.1 400 ").doesNotContain("top secret");
            assertThat(encoded).startsWith("HTTP/1.1 400 ").doesNotContain("top secret");
            assertThat(slashInSegment).startsWith("HTTP/1.1 404 ").doesNotContain("top secret");
        }
    }

    @Test
    void refusesAnEmptyRootAndASecondMount() {
        try (HttpServer server = server()) {
            assertThatThrownBy(() -> server.forPlugin("demo").assets(LOADER, "/"))
                    .isInstanceOf(IllegalArgumentException.class);
            server.forPlugin("demo").assets(LOADER, "test-assets/panel");
            assertThatThrownBy(() -> server.forPlugin("demo").assets(LOADER, "test-assets/panel"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void namedPagesAreListedInOrderAndMustBeFilesOfThePanel() {
        try (HttpServer server = server()) {
            var demo = server.forPlugin("demo");
            assertThatThrownBy(() -> demo.page("Main", "index.html")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("assets(");
            demo.assets(LOADER, "test-assets/panel");

            demo.page("Main", "index.html");
            demo.page("Script", "app.js");

            assertThat(server.panelPages("demo")).containsExactly(new PanelPage("Main", "/plugins/demo/index.html"),
                    new PanelPage("Script", "/plugins/demo/app.js"));
            assertThat(server.panelPages("other")).isEmpty();
            assertThatThrownBy(() -> demo.page("Main", "app.js")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("already");
            assertThatThrownBy(() -> demo.page("Gone", "missing.html")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no file 'missing.html'");
            for (String bad : new String[] {"../index.html", "/index.html", "css/../index.html", ""}) {
                assertThatThrownBy(() -> demo.page("Bad", bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            }
            assertThatThrownBy(() -> demo.page(" ", "index.html")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> demo.page("x".repeat(41), "index.html")).isInstanceOf(IllegalArgumentException.class);

            server.removePlugin("demo");
            assertThat(server.panelPages("demo")).isEmpty();
        }
    }
}
