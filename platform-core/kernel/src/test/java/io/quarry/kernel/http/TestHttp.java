package io.quarry.kernel.http;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Shared helpers: servers on an ephemeral loopback port, a client, and raw-socket requests. */
final class TestHttp {

    static final String TOKEN = "s3cret-token";
    static final int MAX_BODY = 1024;
    static final int MAX_WS = 1024;

    private TestHttp() {
    }

    /** An unstarted server with the test token, token required on loopback too. */
    static HttpServer server() {
        return server(true, new SimpleMeterRegistry());
    }

    static HttpServer server(boolean tokenOnLoopback, SimpleMeterRegistry meters) {
        return new HttpServer("127.0.0.1", 0, HttpLimits.DEFAULTS.withSizes(MAX_BODY, MAX_WS), TOKEN,
                tokenOnLoopback, null, meters);
    }

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static URI uri(HttpServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }

    static HttpRequest.Builder request(HttpServer server, String path) {
        return HttpRequest.newBuilder(uri(server, path)).timeout(Duration.ofSeconds(10));
    }

    static HttpResponse<String> get(HttpServer server, String path) throws IOException, InterruptedException {
        return client().send(request(server, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code bytes} as they are and returns everything the server answers until it closes. */
    static String raw(InetSocketAddress address, byte[] bytes) throws IOException {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            return readUntilClosed(socket.getInputStream());
        }
    }

    static String raw(InetSocketAddress address, String request) throws IOException {
        return raw(address, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("server did not close the connection; got so far: "
                    + received.toString(StandardCharsets.ISO_8859_1), e);
        }
        return received.toString(StandardCharsets.ISO_8859_1);
    }
}
