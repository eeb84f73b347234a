package io.quarry.kernel.http;

import static io.quarry.kernel.http.TestHttp.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.http.Http;
import io.quarry.api.http.Http.Access;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Routes whose request bodies are read as they arrive and whose responses are written as they are made. */
class StreamingRouteTest {

    private static final int BUFFERED_LIMIT = 1024;
    private static final long STREAM_LIMIT = 32L * 1024 * 1024;
    private static final long BUDGET = 4L * 1024 * 1024;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CompletableFuture<Throwable> handlerFailure = new CompletableFuture<>();
    private final CompletableFuture<IOException> writerFailure = new CompletableFuture<>();
    private final AtomicLong largestUnread = new AtomicLong();

    private HttpServer server(HttpLimits limits) {
        HttpServer server = new HttpServer("127.0.0.1", 0, limits, TOKEN, false, null, meters);
        Http http = server.forPlugin("demo");
        http.streamingRoute(HttpMethod.PUT, "files", Access.OPEN, STREAM_LIMIT, (head, body) -> {
            try {
                return HttpResponse.ok(digest(body));
            } catch (IOException e) {
                handlerFailure.complete(e);
                throw e;
            }
        });
        http.route(HttpMethod.GET, "files/{size}", Access.OPEN, request -> {
            int size = Integer.parseInt(request.pathParam("size"));
            long length = request.queryParam("chunked").isPresent() ? -1 : size;
            return HttpResponse.stream(200, "application/octet-stream", length, out -> out.write(pattern(size)));
        });
        http.route(HttpMethod.GET, "endless", Access.OPEN, request -> HttpResponse.stream(200,
                "application/octet-stream", -1, out -> {
                    byte[] chunk = new byte[64 * 1024];
                    try {
                        while (true) {
                            out.write(chunk);
                        }
                    } catch (IOException e) {
                        writerFailure.complete(e);
                        throw e;
                    }
                }));
        return server;
    }

    private Map<String, Object> digest(InputStream body) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = body.read(buffer)) >= 0) {
                largestUnread.accumulateAndGet(body.available(), Math::max);
                sha.update(buffer, 0, n);
                total += n;
            }
            return Map.of("size", total, "sha256", HexFormat.of().formatHex(sha.digest()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpLimits limits() {
        return HttpLimits.DEFAULTS.withSizes(BUFFERED_LIMIT, 1024).withBodyBudget(BUDGET);
    }

    private static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aBodyFarOverTheBufferedLimitAndTheBudgetStreamsToTheHandler() throws Exception {
        try (HttpServer server = server(limits())) {
            server.start();
            byte[] file = pattern(20 * 1024 * 1024);
            var response = TestHttp.client().send(TestHttp.request(server, "/api/v1/demo/files")
                    .timeout(Duration.ofSeconds(60)).PUT(HttpRequest.BodyPublishers.ofByteArray(file)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"size\":" + file.length).contains(sha256(file));
            // The unread part never grew past the window plus one socket read.
            assertThat(largestUnread.get()).isLessThanOrEqualTo(StreamingRequests.WINDOW + 256 * 1024);
        }
    }

    @Test
    void aStreamedResponseArrivesWholeWithAndWithoutALength() throws Exception {
        try (HttpServer server = server(limits())) {
            server.start();
            int size = 5 * 1024 * 1024 + 17;
            for (String path : new String[] {"/api/v1/demo/files/" + size, "/api/v1/demo/files/" + size + "?chunked"}) {
                var response = TestHttp.client().send(TestHttp.request(server, path).GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(pattern(size));
            }
        }
    }

    @Test
    void aBodyAnnouncedOverTheRouteLimitGets413() throws Exception {
        try (HttpServer server = server(limits())) {
            server.start();
            String answer = TestHttp.raw(server.address(), "PUT /api/v1/demo/files HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: " + (STREAM_LIMIT + 1) + "\r\n\r\n");
            assertThat(answer).startsWith("HTTP/1.1 413").contains("\"limit\":" + STREAM_LIMIT);
        }
    }

    @Test
    void aChunkedBodyThatGrowsOverTheRouteLimitGets413AndTheHandlerAnError() throws Exception {
        try (HttpServer server = server(limits()); Socket socket = new Socket()) {
            server.start();
            socket.connect(server.address());
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write("PUT /api/v1/demo/files HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1024 * 1024];
            String size = Integer.toHexString(chunk.length) + "\r\n";
            try {
                for (long sent = 0; sent <= STREAM_LIMIT; sent += chunk.length) {
                    out.write(size.getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException closedByServer) {
                // The server stops listening once the body is over the limit.
            }
            String answer = TestHttp.readUntilClosed(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(handlerFailure.get(30, TimeUnit.SECONDS)).hasMessageContaining("limit");
        }
    }

    @Test
    void aStreamedBodyUnderTheMinimumRateIsCut() throws Exception {
        HttpLimits slow = limits().withDeadlines(Duration.ofMillis(800), Duration.ofMinutes(5), 100);
        try (HttpServer server = server(slow); Socket socket = new Socket()) {
            server.start();
            socket.connect(server.address());
            socket.setSoTimeout(200);
            OutputStream out = socket.getOutputStream();
            out.write("PUT /api/v1/demo/files HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            StringBuilder answer = new StringBuilder();
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean closed = false;
            while (!closed && System.nanoTime() < until) {
                try {
                    out.write(0);
                    int n = socket.getInputStream().read();
                    if (n < 0) {
                        closed = true;
                    } else {
                        answer.append((char) n);
                    }
                } catch (java.net.SocketTimeoutException trickleOn) {
                    // Nothing from the server yet: send the next byte.
                } catch (IOException reset) {
                    closed = true;
                }
            }
            assertThat(closed).isTrue();
            assertThat(answer.toString()).startsWith("HTTP/1.1 408");
            assertThat(handlerFailure.get(30, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aClientThatStopsReadingAStreamedResponseIsClosedAndTheWriterFails() throws Exception {
        HttpLimits shortIdle = limits().withIdleTimeout(Duration.ofMillis(300));
        try (HttpServer server = server(shortIdle); Socket socket = new Socket()) {
            server.start();
            socket.setReceiveBufferSize(1024);
            socket.connect(server.address());
            socket.getOutputStream().write("GET /api/v1/demo/endless HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            // Never read: the server's chunks pile up until it gives up on this client.
            assertThat(writerFailure.get(60, TimeUnit.SECONDS)).hasMessageContaining("connection closed");
            // The connection is gone: what was buffered drains, then end of stream (or a reset).
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            byte[] sink = new byte[1 << 16];
            boolean ended = false;
            try {
                while (!ended) {
                    ended = in.read(sink) < 0;
                }
            } catch (java.net.SocketException reset) {
                ended = true;
            }
            assertThat(ended).isTrue();
        }
    }
}
