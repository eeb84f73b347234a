package io.quarry.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.http.Http.Access;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import io.quarry.testing.HostileInput;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile bytes on the port (noise and mutated requests) never take the server down. */
class HttpFuzzTest {

    private static final List<byte[]> SAMPLES = HostileInput.utf8(
            "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /echo/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
            "POST /echo/2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
            "POST /echo/3 HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 99999\r\n\r\n",
            "PUT /api/v1/fuzz/up HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
            "PUT /api/v1/fuzz/up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "PUT /api/v1/fuzz/up HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 99999\r\n\r\n");

    private static HttpServer server;

    @BeforeAll
    static void start() {
        server = TestHttp.server();
        server.route(HttpMethod.GET, "/ping", Access.OPEN, request -> HttpResponse.ok("pong"));
        server.route(HttpMethod.POST, "/echo/{id}", Access.OPEN, request -> HttpResponse.ok(request.bodyText()));
        // A streaming route (body read as it arrives, at most 4096 bytes) takes hostile bodies too.
        server.forPlugin("fuzz").streamingRoute(HttpMethod.PUT, "up", Access.OPEN, 4096,
                (head, body) -> HttpResponse.ok(body.readAllBytes().length));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static IntStream cases() {
        return IntStream.range(0, HostileInput.cases(300));
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("cases")
    void hostileInputNeverKillsTheServer(int index) throws IOException {
        HostileInput gen = HostileInput.forCase(index);
        byte[] input = switch (gen.nextInt(3)) {
            case 0 -> gen.noise(3000);
            case 1 -> gen.mutate(SAMPLES);
            default -> (gen.oneOf("GET", "POST", "HEAD", "FOO", "get", "") + " /" + gen.text(200) + " HTTP/1.1\r\n"
                    + gen.oneOf("", "Host: x\r\n", "Content-Length: -1\r\n", "Content-Length: 5\r\n") + "\r\n"
                    + gen.text(300)).getBytes(StandardCharsets.UTF_8);
        };
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
        assertThat(answer).as("seed %d case %d", HostileInput.baseSeed(), index).startsWith("HTTP/1.1 200 ")
                .endsWith("\"pong\"");
    }
}
