package io.quarry.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The channel pipeline in memory, with handlers run inline so the test sees every byte written back. */
class HttpPipelineTest {

    private static final int MAX_BODY = 64;

    private static EmbeddedChannel channel() {
        HttpRoutes routes = new HttpRoutes();
        routes.addRoute(HttpRoutes.KERNEL, HttpMethod.GET, "/ping", Access.OPEN, request -> HttpResponse.ok("pong"));
        routes.addRoute(HttpRoutes.KERNEL, HttpMethod.POST, "/upload", Access.OPEN,
                request -> HttpResponse.ok(request.body().length));
        HttpMetrics metrics = new HttpMetrics(new SimpleMeterRegistry());
        AccessPolicy access = new AccessPolicy(() -> "t", true);
        Executor inline = Runnable::run;
        return new EmbeddedChannel(new HttpChannelInitializer(HttpLimits.DEFAULTS.withSizes(MAX_BODY, 64),
                new ConnectionLimiter(10, 10), new RequestDispatcher(routes, access, metrics),
                new WebSocketUpgrade(routes, access, metrics, inline, 64), metrics, inline,
                new DefaultChannelGroup(GlobalEventExecutor.INSTANCE)));
    }

    private static String send(EmbeddedChannel channel, String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return out.toString();
    }

    @Test
    void answersAndKeepsTheConnectionOpen() {
        EmbeddedChannel channel = channel();

        String first = send(channel, "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");
        String second = send(channel, "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(first).startsWith("HTTP/1.1 200 OK").endsWith("\"pong\"");
        assertThat(second).startsWith("HTTP/1.1 200 OK");
        assertThat(channel.isOpen()).isTrue();
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void rejectsBodyLargerThanMaxAndCloses() {
        EmbeddedChannel channel = channel();

        String answer = send(channel, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 65\r\n\r\n" + "x".repeat(65));

        assertThat(answer).startsWith("HTTP/1.1 413 ").endsWith("{\"error\":\"payload too large\",\"limit\":64}");
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void acceptsBodyOfExactlyMax() {
        EmbeddedChannel channel = channel();

        String answer = send(channel, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 64\r\n\r\n" + "x".repeat(64));

        assertThat(answer).startsWith("HTTP/1.1 200 ").endsWith("64");
        channel.finishAndReleaseAll();
    }

    @Test
    void refusesUndecodableRequestAndCloses() {
        EmbeddedChannel channel = channel();

        String answer = send(channel, "GARBAGE\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("\"error\":\"bad request\"");
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void answers100ContinueOverTheLimitWith413() {
        EmbeddedChannel channel = channel();

        String answer = send(channel, "POST /upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                + "Content-Length: 1000\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 413 ").contains("\"limit\":64");
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }
}
