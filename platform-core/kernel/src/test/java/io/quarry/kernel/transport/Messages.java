package io.quarry.kernel.transport;

import io.quarry.api.transport.Protocol;
import java.time.Duration;

/** Message records and protocols the transport tests use. */
final class Messages {

    record Ping(String text, int n) {
    }

    record Pong(String text, int n, String peer) {
    }

    record Blob(byte[] data) {
    }

    record Digest(long bytes, String sha256) {
    }

    static final Protocol<Ping, Pong> PING = Protocol.of("test/ping/1", Ping.class, Pong.class);
    static final Protocol<Ping, Void> NOTE = Protocol.oneWay("test/note/1", Ping.class);
    static final Protocol<Blob, Digest> BLOB = Protocol.of("test/blob/1", Blob.class, Digest.class)
            .withMaxMessageBytes(4096);
    /** Large arrays both ways: they travel as raw sections. */
    static final Protocol<Blob, Blob> ECHO = Protocol.of("test/echo/1", Blob.class, Blob.class)
            .withMaxMessageBytes(8 << 20);
    static final Protocol<Blob, Void> DROP = Protocol.oneWay("test/drop/1", Blob.class).withMaxMessageBytes(8 << 20);
    static final Protocol<Ping, Digest> UPLOAD = Protocol.of("test/upload/1", Ping.class, Digest.class)
            .withTimeout(Duration.ofSeconds(10));
    static final Protocol<Ping, Void> DOWNLOAD = Protocol.oneWay("test/download/1", Ping.class);

    private Messages() {
    }
}
