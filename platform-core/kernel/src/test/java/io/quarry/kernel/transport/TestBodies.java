package io.quarry.kernel.transport;

import static io.quarry.kernel.transport.Messages.UPLOAD;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.transport.Payload;
import io.quarry.api.transport.Protocol;
import io.quarry.kernel.transport.Messages.Digest;
import io.quarry.kernel.transport.Messages.Ping;
import io.quarry.kernel.transport.TestNodes.Node;
import io.quarry.testing.Eventually;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Bodies for stream tests (random bytes and their digests) and what a node shows of its streams. */
final class TestBodies {

    static final int MIB = 1024 * 1024;

    private TestBodies() {
    }

    /**
     * Uploads {@code bytes} once the server has a free slot: it frees a cancelled call's once that handler returned,
     * a moment after the cancel, and refuses calls as busy until then.
     */
    static Digest uploadWhenFree(Node client, Node server, Protocol<Ping, Digest> protocol, byte[] bytes)
            throws Exception {
        long deadline = System.nanoTime() + Eventually.LIMIT.toNanos();
        while (true) {
            try {
                return client.transport().upload(server.address(), protocol, new Ping("next", 2), Payload.wrap(bytes))
                        .get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).hasMessageContaining("(busy)");
                assertThat(System.nanoTime()).as("slot given back in time").isLessThan(deadline);
                Thread.sleep(10);
            }
        }
    }

    static Digest digestOf(InputStream body) throws IOException {
        MessageDigest digest = PatternStream.sha256();
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n; (n = body.read(buffer)) > 0; total += n) {
            digest.update(buffer, 0, n);
        }
        return new Digest(total, HexFormat.of().formatHex(digest.digest()));
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(PatternStream.sha256().digest(bytes));
    }

    /** STREAM_DATA frames of {@link Messages#UPLOAD} the node sent ("out") or received ("in"). */
    static double streamFrames(Node node, String direction) {
        var counter = node.meters().find("quarry.transport.messages").tag("protocol", UPLOAD.id())
                .tag("type", "stream_data").tag("direction", direction).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Stream bytes the node holds unread, overhead included. */
    static long buffered(Node node) {
        return (long) node.meters().find("quarry.transport.stream.buffered").gauge().value();
    }

}
