package io.quarry.kernel.http;

import static io.quarry.kernel.http.TestHttp.TOKEN;
import static io.quarry.kernel.http.TestHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.http.Http.Access;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Slow clients over real sockets: header and whole-request deadlines, the minimum body rate, the node-wide body
 * budget. Each waits for the closed state; exact timing (open just before a deadline, closed at it) is
 * {@link RequestDeadlinesClockTest}, on a frozen clock.
 */
class RequestDeadlinesTest {

    private static final Duration HEADERS = Duration.ofMillis(800);
    private static final Duration TRICKLE = Duration.ofMillis(200);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private HttpServer server(HttpLimits limits) {
        HttpServer server = new HttpServer("127.0.0.1", 0, limits, TOKEN, false, null, meters);
        server.route(HttpMethod.GET, "/health", Access.OPEN, request -> HttpResponse.ok("UP"));
        server.route(HttpMethod.POST, "/api/v1/node/upload", Access.OPEN,
                request -> HttpResponse.ok(request.body().length));
        return server;
    }

    private static HttpLimits limits() {
        return HttpLimits.DEFAULTS.withIdleTimeout(Duration.ofMinutes(5))
                .withDeadlines(HEADERS, Duration.ofMinutes(5), 0);
    }

    private double closed(String reason) {
        Counter counter = meters.find("quarry.http.connections.closed").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A client that sends {@code bytes} one at a time, a byte per trickle round, until the server hangs up. */
    private static final class SlowClient {
        final SocketChannel channel;
        final byte[] bytes;
        final StringBuilder answer = new StringBuilder();
        int sent;
        boolean closed;

        SlowClient(String from, InetSocketAddress server, byte[] bytes) throws IOException {
            channel = SocketChannel.open();
            channel.bind(new InetSocketAddress(from, 0));
            channel.connect(server);
            channel.configureBlocking(false);
            this.bytes = bytes;
        }

        boolean open() {
            return !closed;
        }

        /** Reads what the server said; sends the next byte while the connection stays open. */
        void round() {
            if (!open()) {
                return;
            }
            try {
                ByteBuffer in = ByteBuffer.allocate(4096);
                int read;
                while ((read = channel.read(in)) > 0) {
                    answer.append(new String(in.array(), 0, read, StandardCharsets.ISO_8859_1));
                    in.clear();
                }
                if (read < 0) {
                    close();
                } else if (sent < bytes.length) {
                    channel.write(ByteBuffer.wrap(bytes, sent++, 1));
                }
            } catch (IOException e) {
                close();
            }
        }

        void close() {
            closed = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already gone.
            }
        }
    }

    /** Runs trickle rounds until every client is closed or {@code limit} passes; returns the clients. */
    private static void trickleUntilClosed(List<SlowClient> clients, Duration limit, Runnable eachRound)
            throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (clients.stream().anyMatch(SlowClient::open) && System.nanoTime() < end) {
            clients.forEach(SlowClient::round);
            eachRound.run();
            Thread.sleep(TRICKLE.toMillis());
        }
    }

    private static byte[] endlessHeaders() {
        StringBuilder headers = new StringBuilder("GET /health HTTP/1.1\r\nHost: x\r\n");
        while (headers.length() < 6000) {
            headers.append("X-Slow: a\r\n");
        }
        return headers.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void sixHundredTricklingClientsAreClosedAfterTheHeaderTimeoutWhileHealthAnswers() throws Exception {
        try (HttpServer server = server(limits().withConnections(1024, 256))) {
            server.start();
            List<SlowClient> clients = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                clients.add(new SlowClient("127.0.0." + (2 + i % 4), server.address(), endlessHeaders()));
            }
            List<Integer> healthStatuses = new ArrayList<>();
            trickleUntilClosed(clients, Duration.ofSeconds(60), () -> {
                try {
                    healthStatuses.add(get(server, "/health").statusCode());
                } catch (IOException e) {
                    healthStatuses.add(-1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            assertThat(clients).allSatisfy(c -> {
                assertThat(c.open()).as("closed by the server").isFalse();
                assertThat(c.answer.toString()).startsWith("HTTP/1.1 408");
            });
            assertThat(healthStatuses).isNotEmpty().containsOnly(200);
            assertThat(closed(HttpMetrics.HEADER_TIMEOUT)).isEqualTo(600);
        }
    }

    @Test
    void aBodyThatTricklesUnderTheMinimumRateIsCut() throws Exception {
        try (HttpServer server = server(HttpLimits.DEFAULTS.withDeadlines(HEADERS, Duration.ofMinutes(5), 100))) {
            server.start();
            String head = "POST /api/v1/node/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n";
            SlowClient client = new SlowClient("127.0.0.1", server.address(), new byte[100_000]);
            client.channel.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            trickleUntilClosed(List.of(client), Duration.ofSeconds(30), () -> { });
            assertThat(client.open()).isFalse();
            assertThat(client.answer.toString()).startsWith("HTTP/1.1 408").contains("under the minimum 100");
            assertThat(closed(HttpMetrics.BODY_TOO_SLOW)).isEqualTo(1);
        }
    }

    @Test
    void theWholeRequestMustArriveWithinTheRequestTimeout() throws Exception {
        try (HttpServer server = server(HttpLimits.DEFAULTS.withIdleTimeout(Duration.ofMinutes(5))
                .withDeadlines(Duration.ofMinutes(5), HEADERS, 0))) {
            server.start();
            SlowClient client = new SlowClient("127.0.0.1", server.address(), endlessHeaders());
            trickleUntilClosed(List.of(client), Duration.ofSeconds(30), () -> { });
            assertThat(client.answer.toString()).startsWith("HTTP/1.1 408");
            assertThat(closed(HttpMetrics.REQUEST_TIMEOUT)).isEqualTo(1);
        }
    }

    @Test
    void bodiesOverTheNodeWideBudgetGet503AndTheBudgetComesBack() throws Exception {
        try (HttpServer server = server(limits().withSizes(64 * 1024, 1024).withBodyBudget(100_000))) {
            server.start();
            List<SlowClient> uploads = new ArrayList<>();
            String head = "POST /api/v1/node/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 60000\r\n\r\n";
            for (int i = 0; i < 2; i++) {
                SlowClient upload = new SlowClient("127.0.0.1", server.address(), new byte[0]);
                upload.channel.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer body = ByteBuffer.allocate(59_999);
                while (body.hasRemaining()) {
                    upload.channel.write(body);
                }
                uploads.add(upload);
            }
            // Whichever body the server reads second does not fit next to the other, which is one byte short.
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (uploads.stream().allMatch(SlowClient::open) && System.nanoTime() < until) {
                uploads.forEach(SlowClient::round);
                Thread.sleep(TRICKLE.toMillis());
            }
            SlowClient refused = uploads.stream().filter(u -> !u.open()).findFirst().orElseThrow();
            SlowClient admitted = uploads.get(1 - uploads.indexOf(refused));
            assertThat(refused.answer.toString()).startsWith("HTTP/1.1 503").contains("too many request bodies");
            assertThat(closed(HttpMetrics.BODY_BUDGET)).isEqualTo(1);

            // The other finishes; its bytes go back to the budget and the next upload fits.
            admitted.channel.write(ByteBuffer.wrap(new byte[1]));
            while (!admitted.answer.toString().contains("\r\n\r\n60000") && System.nanoTime() < until) {
                admitted.round();
                Thread.sleep(TRICKLE.toMillis());
            }
            assertThat(admitted.answer.toString()).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n60000");
            admitted.close();
            assertThat(TestHttp.client().send(TestHttp.request(server, "/api/v1/node/upload")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[60_000])).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("60000");
        }
    }
}
