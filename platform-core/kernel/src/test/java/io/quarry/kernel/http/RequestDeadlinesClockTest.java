package io.quarry.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.quarry.api.http.Http.Access;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import io.quarry.kernel.net.ConnectionLimiter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Request deadlines on the in-memory pipeline with the event loop's time frozen: the test moves time itself, so
 * "still open just before the deadline" and "closed at it" are exact states, not races against a real clock.
 */
class RequestDeadlinesClockTest {

    private static final Duration HEADERS = Duration.ofSeconds(2);
    private static final long MIN_RATE = 100;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final StringBuilder answer = new StringBuilder();
    private EmbeddedChannel channel;

    private EmbeddedChannel open(HttpLimits limits) {
        HttpRoutes routes = new HttpRoutes();
        routes.addRoute(HttpRoutes.KERNEL, HttpMethod.GET, "/ping", Access.OPEN, request -> HttpResponse.ok("pong"));
        routes.addRoute(HttpRoutes.KERNEL, HttpMethod.POST, "/upload", Access.OPEN,
                request -> HttpResponse.ok(request.body().length));
        HttpMetrics metrics = new HttpMetrics(meters);
        AccessPolicy access = new AccessPolicy(() -> "t", true);
        Executor inline = Runnable::run;
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(new HttpChannelInitializer(limits, new ConnectionLimiter(10, 10),
                new RequestDispatcher(routes, access, metrics), new WebSocketUpgrade(routes, access, metrics, inline, 64),
                metrics, inline, new DefaultChannelGroup(GlobalEventExecutor.INSTANCE)));
        return channel;
    }

    @AfterEach
    void release() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private static HttpLimits limits() {
        return HttpLimits.DEFAULTS.withIdleTimeout(Duration.ofHours(1)).withSizes(1_000_000, 64)
                .withDeadlines(HEADERS, Duration.ofHours(1), MIN_RATE);
    }

    private void send(String text) {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void send(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        drain();
    }

    /** Moves the frozen clock on by {@code by}, in steps of 100 ms, running every timer that falls due. */
    private void advance(Duration by) {
        for (long step = 0; step < by.toMillis(); step += 100) {
            channel.advanceTimeBy(Math.min(100, by.toMillis() - step), TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            drain();
        }
    }

    private void drain() {
        channel.runPendingTasks();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            answer.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
    }

    private double closed(String reason) {
        Counter counter = meters.find("quarry.http.connections.closed").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void unfinishedHeadersAreAnswered408AtTheHeaderTimeoutAndNotBefore() throws Exception {
        open(limits());
        send("GET /ping HTTP/1.1\r\nHost: x\r\nX-Slow: a");

        advance(HEADERS.minusMillis(100));
        assertThat(channel.isOpen()).isTrue();
        assertThat(answer).isEmpty();

        advance(Duration.ofMillis(100));
        assertThat(channel.isOpen()).isFalse();
        assertThat(answer.toString()).startsWith("HTTP/1.1 408");
        assertThat(closed(HttpMetrics.HEADER_TIMEOUT)).isEqualTo(1);
    }

    @Test
    void aKeepAliveConnectionGetsAFreshHeaderDeadlineForEachRequest() throws Exception {
        open(limits());
        for (int i = 0; i < 3; i++) {
            send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
            // Quiet between requests for longer than the header deadline: only the idle timeout applies there.
            advance(HEADERS.multipliedBy(2));
            assertThat(channel.isOpen()).isTrue();
        }
        assertThat(answer.toString().split("HTTP/1.1 200", -1)).hasSize(4);
        assertThat(closed(HttpMetrics.HEADER_TIMEOUT)).isZero();
    }

    @Test
    void bytesSentEarlyDoNotBuyALongSilenceLater() throws Exception {
        open(limits());
        send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
        // Half the body at once: as an average from the start, enough for 500 s at the minimum rate.
        send(new byte[50_000]);

        advance(HEADERS);
        assertThat(channel.isOpen()).isTrue();
        // Then nothing: the last window carries no bytes, whatever came before.
        advance(HEADERS);
        assertThat(channel.isOpen()).isFalse();
        assertThat(answer.toString()).startsWith("HTTP/1.1 408").contains("under the minimum " + MIN_RATE);
        assertThat(closed(HttpMetrics.BODY_TOO_SLOW)).isEqualTo(1);
    }

    @Test
    void aSteadyBodyAboveTheMinimumRateStaysOpenAndArrives() throws Exception {
        open(limits());
        send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 6000\r\n\r\n");
        for (int second = 0; second < 30; second++) {
            send(new byte[2 * (int) MIN_RATE]);
            advance(Duration.ofSeconds(1));
            assertThat(channel.isOpen()).as("open after %d s", second + 1).isTrue();
        }
        assertThat(answer.toString()).startsWith("HTTP/1.1 200").endsWith("6000");
        assertThat(closed(HttpMetrics.BODY_TOO_SLOW)).isZero();
    }
}
