package io.quarry.kernel.http;

import static io.quarry.kernel.http.TestHttp.MAX_BODY;
import static io.quarry.kernel.http.TestHttp.client;
import static io.quarry.kernel.http.TestHttp.get;
import static io.quarry.kernel.http.TestHttp.raw;
import static io.quarry.kernel.http.TestHttp.request;
import static io.quarry.kernel.http.TestHttp.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.http.Http.Access;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import org.junit.jupiter.api.Test;

class MalformedRequestTest {

    private static HttpServer started() {
        HttpServer server = server();
        server.route(HttpMethod.GET, "/ping", Access.OPEN, request -> HttpResponse.ok("pong"));
        server.route(HttpMethod.POST, "/upload", Access.OPEN, request -> HttpResponse.ok(request.body().length));
        server.start();
        return server;
    }

    @Test
    void garbageIs400ThenClose() throws Exception {
        try (HttpServer server = started()) {
            String answer = raw(server.address(), "GARBAGE\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 400 ").contains("connection: close")
                    .contains("{\"error\":\"bad request\",\"detail\":");
            assertThat(get(server, "/ping").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void badPercentEncodingIs400() throws Exception {
        try (HttpServer server = started()) {
            String answer = raw(server.address(), "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 400 ").contains("\"detail\":\"bad percent-encoding at offset 0\"");
        }
    }

    @Test
    void invalidUtf8InPathIs400() throws Exception {
        try (HttpServer server = started()) {
            String answer = raw(server.address(), "GET /%C3%28 HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 400 ").contains("not valid UTF-8");
        }
    }

    @Test
    void overlongRequestLineIs400() throws Exception {
        try (HttpServer server = started()) {
            String answer = raw(server.address(), "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 400 ");
        }
    }

    @Test
    void oversizedBodyIs413AndTheNodeCarriesOn() throws Exception {
        try (HttpServer server = started()) {
            var tooBig = client().send(request(server, "/upload")
                    .POST(BodyPublishers.ofByteArray(new byte[4 * MAX_BODY])).build(), BodyHandlers.ofString());
            var fits = client().send(request(server, "/upload")
                    .POST(BodyPublishers.ofByteArray(new byte[MAX_BODY])).build(), BodyHandlers.ofString());

            assertThat(tooBig.statusCode()).isEqualTo(413);
            assertThat(tooBig.body()).isEqualTo("{\"error\":\"payload too large\",\"limit\":" + MAX_BODY + "}");
            assertThat(fits.statusCode()).isEqualTo(200);
            assertThat(fits.body()).isEqualTo(String.valueOf(MAX_BODY));
        }
    }

    @Test
    void oversizedChunkedBodyIs413() throws Exception {
        try (HttpServer server = started()) {
            String chunk = "x".repeat(800);
            String answer = raw(server.address(), "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n"
                    + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 413 ").contains("\"limit\":" + MAX_BODY);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (HttpServer server = started()) {
            String answer = raw(server.address(), "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /missing HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

            int first = answer.indexOf("HTTP/1.1 200");
            int second = answer.indexOf("HTTP/1.1 404");
            int third = answer.indexOf("HTTP/1.1 200", second);
            assertThat(first).isZero();
            assertThat(second).isGreaterThan(first);
            assertThat(third).isGreaterThan(second);
        }
    }
}
