package io.quarry.testkit;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.transport.Protocol;
import java.time.Duration;

/** Answers "test/ping/1" requests over the transport with who it is and who asked. */
public final class PingPlugin implements QuarryPlugin {

    /** A ping. */
    public record Ping(String text) {
    }

    /** The answer: the text back, the answering node and the authenticated caller. */
    public record Pong(String text, String answeredBy, String askedBy) {
    }

    /** The protocol. */
    public static final Protocol<Ping, Pong> PROTOCOL =
            new Protocol<>("test/ping/1", Ping.class, Pong.class, 64 * 1024, 16, Duration.ofSeconds(10));

    @Override
    public void init(NodeContext context) {
        String self = context.identity().nodeId();
        context.transport().register(PROTOCOL, (peer, ping) -> new Pong(ping.text(), self, peer));
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }
}
