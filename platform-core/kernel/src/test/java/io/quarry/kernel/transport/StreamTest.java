package io.quarry.kernel.transport;

import static io.quarry.kernel.transport.Messages.DOWNLOAD;
import static io.quarry.kernel.transport.Messages.PING;
import static io.quarry.kernel.transport.Messages.UPLOAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.transport.Protocol;
import io.quarry.api.transport.TransportException;
import io.quarry.kernel.transport.Messages.Digest;
import io.quarry.kernel.transport.Messages.Ping;
import io.quarry.kernel.transport.Messages.Pong;
import io.quarry.kernel.transport.TestNodes.Node;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void uploadOf256MiBArrivesIntactWithBoundedBuffering() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            AtomicLong peakBuffered = new AtomicLong();
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> {
                var buffered = server.meters().find("quarry.transport.stream.buffered").gauge();
                MessageDigest digest = PatternStream.sha256();
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int n; (n = body.read(buffer)) > 0; total += n) {
                    digest.update(buffer, 0, n);
                    peakBuffered.accumulateAndGet((long) buffered.value(), Math::max);
                }
                return new Digest(total, HexFormat.of().formatHex(digest.digest()));
            });
            PatternStream body = new PatternStream(256 * MIB, 7);

            Digest digest = client.transport().upload(server.address(), UPLOAD, new Ping("blob", 1), body)
                    .get(50, TimeUnit.SECONDS);

            assertThat(digest).isEqualTo(new Digest(256 * MIB, body.sha256Hex()));
            assertThat(body.closed()).isTrue();
            assertThat(peakBuffered.get()).isPositive()
                    .isLessThanOrEqualTo(TransportSettings.DEFAULT_STREAM_WINDOW_BYTES);
        }
    }

    @Test
    void filesStreamIntactBothWaysOnEitherEngine(@TempDir Path dir) throws Exception {
        // A plain FileInputStream is read through its channel into direct memory on BoringSSL; any other stream,
        // and every stream on the JDK engine, through heap chunks. Odd sizes end on partial chunks.
        Path file = dir.resolve("shard");
        try (PatternStream pattern = new PatternStream(5 * MIB + 12_345, 3)) {
            Files.copy(pattern, file);
        }
        String expected = sha256Hex(Files.readAllBytes(file));
        for (TlsProvider provider : new TlsProvider[] {TlsProvider.AUTO, TlsProvider.JDK}) {
            TransportSettings settings = TestNodes.FAST.withTlsProvider(provider);
            try (TestNodes nodes = new TestNodes()) {
                Node server = nodes.start(settings);
                Node client = nodes.start(settings);
                server.transport().registerUpload(UPLOAD, (peer, header, body) -> {
                    byte[] all = body.readAllBytes();
                    return new Digest(all.length, sha256Hex(all));
                });
                server.transport().registerDownload(DOWNLOAD, (peer, request) -> new FileInputStream(file.toFile()));

                Digest uploaded = client.transport().upload(server.address(), UPLOAD, new Ping("file", 1),
                        new FileInputStream(file.toFile())).get(30, TimeUnit.SECONDS);
                byte[] downloaded;
                try (InputStream body = client.transport().download(server.address(), DOWNLOAD, new Ping("get", 1))
                        .get(10, TimeUnit.SECONDS)) {
                    downloaded = body.readAllBytes();
                }

                assertThat(uploaded).as(provider.name()).isEqualTo(new Digest(Files.size(file), expected));
                assertThat(sha256Hex(downloaded)).as(provider.name()).isEqualTo(expected);
            }
        }
    }

    private static String sha256Hex(byte[] bytes) {
        MessageDigest digest = PatternStream.sha256();
        return HexFormat.of().formatHex(digest.digest(bytes));
    }

    @Test
    void downloadStreamsTheBodyToTheCaller() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            PatternStream[] served = new PatternStream[1];
            server.transport().registerDownload(DOWNLOAD, (peer, request) -> {
                served[0] = new PatternStream(request.n() * MIB, request.n());
                return served[0];
            });

            MessageDigest digest = PatternStream.sha256();
            long total = 0;
            try (InputStream body = client.transport().download(server.address(), DOWNLOAD, new Ping("get", 64))
                    .get(5, TimeUnit.SECONDS)) {
                byte[] buffer = new byte[100_000];
                for (int n; (n = body.read(buffer)) > 0; total += n) {
                    digest.update(buffer, 0, n);
                }
            }

            assertThat(total).isEqualTo(64 * MIB);
            assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(served[0].sha256Hex());
            assertThat(served[0].closed()).isTrue();
        }
    }

    @Test
    void closingADownloadEarlyStopsTheSender() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            CompletableFuture<PatternStream> served = new CompletableFuture<>();
            server.transport().registerDownload(DOWNLOAD, (peer, request) -> {
                PatternStream endless = new PatternStream(-1, 1);
                served.complete(endless);
                return endless;
            });

            try (InputStream body = client.transport().download(server.address(), DOWNLOAD, new Ping("get", 0))
                    .get(5, TimeUnit.SECONDS)) {
                assertThat(body.readNBytes((int) MIB)).hasSize((int) MIB);
            }

            PatternStream stream = served.get(5, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!stream.closed() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(stream.closed()).isTrue();
            assertThat(stream.produced()).isLessThan(16 * MIB);
        }
    }

    @Test
    void downloadFailingMidStreamReachesTheReader() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            server.transport().registerDownload(DOWNLOAD, (peer, request) -> new InputStream() {
                private int sent;

                @Override
                public int read() throws IOException {
                    if (sent++ > 300_000) {
                        throw new IOException("disk on fire");
                    }
                    return 1;
                }
            });

            InputStream body = client.transport().download(server.address(), DOWNLOAD, new Ping("get", 0))
                    .get(5, TimeUnit.SECONDS);

            assertThatThrownBy(() -> body.readAllBytes()).isInstanceOf(IOException.class)
                    .hasMessageContaining("disk on fire");
        }
    }

    @Test
    void failingUploadBodyCancelsTheUpload() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            CompletableFuture<Throwable> handlerSaw = new CompletableFuture<>();
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> {
                try {
                    body.readAllBytes();
                    handlerSaw.complete(null);
                } catch (IOException e) {
                    handlerSaw.complete(e);
                }
                return new Digest(0, "");
            });
            InputStream failing = new InputStream() {
                private int sent;

                @Override
                public int read() throws IOException {
                    if (sent++ > 200_000) {
                        throw new IOException("source vanished");
                    }
                    return 2;
                }
            };

            CompletableFuture<Digest> upload = client.transport().upload(server.address(), UPLOAD, new Ping("x", 1),
                    failing);

            assertThatThrownBy(() -> upload.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(TransportException.class)
                    .hasMessageContaining("upload of test/upload/1").hasMessageContaining("source vanished");
            assertThat(handlerSaw.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
                    .hasMessageContaining("cancelled");
        }
    }

    @Test
    void cancellingAnUploadsFutureCancelsTheCallAndStopsTheSender() throws Exception {
        // One call at a time: the second upload only goes through if the cancelled one gave its slot back.
        Protocol<Ping, Digest> single = UPLOAD.withMaxConcurrent(1).withTimeout(Duration.ofSeconds(3));
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start();
            Node client = nodes.start();
            CountDownLatch reading = new CountDownLatch(1);
            CompletableFuture<Throwable> handlerSaw = new CompletableFuture<>();
            server.transport().registerUpload(single, (peer, header, body) -> {
                if (header.n() == 2) {
                    return new Digest(body.readAllBytes().length, "");
                }
                try {
                    body.readNBytes((int) MIB);
                    reading.countDown();
                    body.readAllBytes(); // endless unless the call is cancelled
                    handlerSaw.complete(null);
                } catch (IOException e) {
                    handlerSaw.complete(e);
                }
                return new Digest(0, "");
            });
            PatternStream endless = new PatternStream(-1, 5);

            CompletableFuture<Digest> upload = client.transport().upload(server.address(), single, new Ping("x", 1),
                    endless);
            assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(upload.cancel(true)).isTrue();

            assertThat(handlerSaw.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
                    .hasMessageContaining("cancelled");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!endless.closed() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(endless.closed()).isTrue(); // the sender closes the body once it stopped reading it
            // The server frees the slot once the cancelled handler has returned, a moment after it saw the cancel:
            // until then a second call is refused as busy; a slot never given back would refuse it every time.
            long slotDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Digest next = null;
            while (next == null) {
                try {
                    next = client.transport().upload(server.address(), single, new Ping("x", 2),
                            new PatternStream(1000, 6)).get(10, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).hasMessageContaining("(busy)");
                    assertThat(System.nanoTime()).as("slot given back within 10 s").isLessThan(slotDeadline);
                    Thread.sleep(10);
                }
            }
            assertThat(next.bytes()).isEqualTo(1000);
        }
    }

    @Test
    void uploadToAReaderThatStallsFailsAfterTheReadTimeout() throws Exception {
        TransportSettings impatient = TestNodes.FAST.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofMillis(300));
        try (TestNodes nodes = new TestNodes()) {
            Node server = nodes.start(impatient);
            Node client = nodes.start(impatient);
            CountDownLatch release = new CountDownLatch(1);
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> {
                release.await(10, TimeUnit.SECONDS); // never reads
                return new Digest(0, "");
            });

            CompletableFuture<Digest> upload = client.transport().upload(server.address(), UPLOAD, new Ping("x", 1),
                    new PatternStream(-1, 9));

            assertThatThrownBy(() -> upload.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(TransportException.class)
                    .hasMessageContaining("granted no stream credit for 300 ms");
            release.countDown();
        }
    }

    @Test
    void peerRestartingMidStreamFailsTheStreamAndReconnects() throws Exception {
        try (TestNodes nodes = new TestNodes()) {
            KeyPair serverKeys = TestNodes.newKeys();
            Node server = nodes.start(TestNodes.FAST, serverKeys, 0);
            int port = server.transport().listenAddress().getPort();
            Node client = nodes.start();
            CountDownLatch midway = new CountDownLatch(1);
            server.transport().registerUpload(UPLOAD, (peer, header, body) -> {
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int n; (n = body.read(buffer)) > 0; total += n) {
                    if (total > 4 * MIB) {
                        midway.countDown();
                    }
                }
                return new Digest(total, "");
            });
            CompletableFuture<Digest> upload = client.transport().upload(server.address(), UPLOAD, new Ping("x", 1),
                    new PatternStream(-1, 3));
            assertThat(midway.await(10, TimeUnit.SECONDS)).isTrue();

            server.transport().close();

            assertThatThrownBy(() -> upload.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(TransportException.class)
                    .hasMessageContaining("connection to node " + server.id().substring(0, 12))
                    .hasMessageContaining("closed");
            Node restarted = nodes.start(TestNodes.FAST, serverKeys, port);
            restarted.transport().register(PING, (peer, ping) -> new Pong("back", ping.n(), peer));
            Pong pong = client.transport().request(restarted.address(), PING, new Ping("again", 2))
                    .get(5, TimeUnit.SECONDS);
            assertThat(pong).isEqualTo(new Pong("back", 2, client.id()));
        }
    }
}
