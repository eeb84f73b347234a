package io.quarry.bench;

import io.quarry.api.transport.Payload;
import io.quarry.api.transport.Protocol;
import java.time.Duration;

/** The benchmark's protocols: 1 MiB blobs acknowledged by their length, and small pings. */
final class BenchMessages {

    /** A request carrying raw bytes: 1 MiB travels as a raw section beside the CBOR (no base64, no CBOR copy). */
    record Blob(byte[] data) {
    }

    /** The same bytes as a {@link Payload}: sent from the caller's array, received as a view (no copies). */
    record Bulk(Payload data) {
    }

    record Ack(int bytes) {
    }

    record Ping(long n) {
    }

    static final Protocol<Blob, Ack> BLOB = Protocol.of("bench/blob/1", Blob.class, Ack.class)
            .withMaxMessageBytes(2 << 20).withTimeout(Duration.ofSeconds(60));
    static final Protocol<Bulk, Ack> BULK = Protocol.of("bench/bulk/1", Bulk.class, Ack.class)
            .withMaxMessageBytes(2 << 20).withTimeout(Duration.ofSeconds(60));
    static final Protocol<Ping, Ack> UPLOAD = Protocol.of("bench/upload/1", Ping.class, Ack.class)
            .withTimeout(Duration.ofSeconds(60));
    /** The same upload, its handler taking the body's chunks as they arrived (ChunkedBody) instead of copying them. */
    static final Protocol<Ping, Ack> UPLOAD_CHUNKS = Protocol.of("bench/upload-chunks/1", Ping.class, Ack.class)
            .withTimeout(Duration.ofSeconds(60));
    static final Protocol<Ping, Ping> PING = Protocol.of("bench/ping/1", Ping.class, Ping.class)
            .withMaxConcurrent(256).withTimeout(Duration.ofSeconds(60));
    /** The same echo, registered with the default (blocking-allowed) handler threads. */
    static final Protocol<Ping, Ping> PING_BLOCKING = Protocol.of("bench/ping-blocking/1", Ping.class, Ping.class)
            .withMaxConcurrent(256).withTimeout(Duration.ofSeconds(60));

    private BenchMessages() {
    }
}
