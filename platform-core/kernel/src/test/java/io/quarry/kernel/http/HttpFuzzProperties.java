package io.quarry.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.http.Http.Access;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Hostile bytes on the port never take the server down. */
class HttpFuzzProperties {

    private static HttpServer server;

    @BeforeContainer
    static void start() {
        server = TestHttp.server();
        server.route(HttpMethod.GET, "/ping", Access.OPEN, request -> HttpResponse.ok("pong"));
        server.route(HttpMethod.POST, "/echo/{id}", Access.OPEN, request -> HttpResponse.ok(request.bodyText()));
        server.start();
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    @Property(tries = 300)
    void randomBytesNeverKillTheServer(@ForAll("hostileInput") byte[] input) throws IOException {
        InetSocketAddress address = server.address();
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(input);
            out.flush();
            // End of input lets the server finish with this connection at once rather than wait for more.
            socket.shutdownOutput();
            TestHttp.readUntilClosed(socket.getInputStream());
        } catch (SocketException e) {
            // A reset is a legitimate way for the server to refuse the input.
        }

        String answer = TestHttp.raw(address, "GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("\"pong\"");
    }

    @Provide
    Arbitrary<byte[]> hostileInput() {
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
        Arbitrary<byte[]> httpish = Arbitraries.of("GET", "POST", "HEAD", "PUT", "FOO", "get", "")
                .flatMap(method -> Arbitraries.strings().all().ofMaxLength(200).flatMap(path ->
                        Arbitraries.of("", "Host: x\r\n", "Content-Length: 5\r\n", "Content-Length: -1\r\n",
                                        "Transfer-Encoding: chunked\r\n", "Connection: Upgrade\r\nUpgrade: websocket\r\n",
                                        "Expect: 100-continue\r\nContent-Length: 99999\r\n")
                                .flatMap(headers -> Arbitraries.strings().all().ofMaxLength(300).map(tail ->
                                        (method + " /" + path + " HTTP/1.1\r\n" + headers + "\r\n" + tail)
                                                .getBytes(StandardCharsets.UTF_8)))));
        return Arbitraries.oneOf(noise, httpish);
    }
}
