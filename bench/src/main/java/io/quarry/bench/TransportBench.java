package io.quarry.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import io.quarry.api.transport.ChunkedBody;
import io.quarry.api.transport.Payload;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Protocol;
import io.quarry.bench.BenchMessages.Ack;
import io.quarry.bench.BenchMessages.Blob;
import io.quarry.bench.BenchMessages.Bulk;
import io.quarry.bench.BenchMessages.Ping;
import io.quarry.kernel.transport.NettyTransport;
import io.quarry.kernel.transport.NodeTls;
import io.quarry.kernel.transport.TlsProvider;
import io.quarry.kernel.transport.TransportSettings;
import java.io.InputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Transport throughput and latency in one JVM, in two phases, each warmed up until the JIT is quiet. First the
 * target comparison alone: 1 MiB requests between two {@link NettyTransport}s, the bytes as a {@link Payload} (not
 * copied), against bare Netty on the same TLS engine (and bare Netty with the transport's pooled allocator), the two
 * taking turns round by round. Then everything else, rounds alternating so all see the same load: the bytes as a
 * {@code byte[]} record component (copied on each side), a plain JDK TLS 1.3 socket pair using the same node
 * certificates and moving the same bytes, the transport and bare Netty on the JDK engine; one 512 MiB upload
 * stream of a body in memory ({@link Payload}, the handler taking its chunks as they arrived) beside bare Netty
 * sending the very same 512 MiB (not one cache-hot MiB over and over), and an {@link InputStream} body read into
 * an array; then small request/response round trips per second. Prints a Markdown summary.
 *
 * <p>Usage: {@code TransportBench [rounds] [messagesPerRound] [inFlight] [rttSeconds]}
 */
public final class TransportBench {

    private static final int MIB = 1 << 20;
    /** How long a warm-up may run, however busy the JIT still is. */
    private static final long MAX_WARMUP_NANOS = TimeUnit.SECONDS.toNanos(90);

    private TransportBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int rttSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        byte[] payload = new byte[MIB];
        new Random(42).nextBytes(payload);
        // The upload's body: as many distinct MiB as a round sends (a body of one MiB repeated would sit in the CPU
        // cache and flatter whoever sends it).
        if (messages < 1 || messages > 2047) {
            throw new IllegalArgumentException("messagesPerRound must be 1 to 2047 (the upload body is that many MiB"
                    + " in one array), was " + messages);
        }
        byte[] body = new byte[messages * MIB];
        new Random(43).nextBytes(body);
        KeyPair serverKeys = keys();
        KeyPair clientKeys = keys();

        try (ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
             NettyTransport server = start(serverKeys, handlers, TlsProvider.AUTO);
             NettyTransport client = start(clientKeys, handlers, TlsProvider.AUTO);
             NettyTransport jdkServer = start(serverKeys, handlers, TlsProvider.JDK);
             NettyTransport jdkClient = start(clientKeys, handlers, TlsProvider.JDK);
             PlainTlsPair plain = new PlainTlsPair(NodeTls.create(serverKeys, id(serverKeys)),
                     NodeTls.create(clientKeys, id(clientKeys)));
             NettyTlsPair netty = nettyPair(serverKeys, clientKeys, TlsProvider.AUTO);
             // Bare Netty again with the allocator the transport configures (pooled arenas, heap preferred).
             NettyTlsPair nettyPooled = new NettyTlsPair(NodeTls.create(serverKeys, id(serverKeys)), id(serverKeys),
                     NodeTls.create(clientKeys, id(clientKeys)), MIB, new PooledByteBufAllocator(false));
             NettyTlsPair nettyJdk = nettyPair(serverKeys, clientKeys, TlsProvider.JDK)) {
            String engine = server.tlsProvider() == TlsProvider.OPENSSL ? "BoringSSL" : "JDK TLS (BoringSSL unavailable)";
            for (NettyTransport node : List.of(server, jdkServer)) {
                node.register(BenchMessages.BLOB, (peer, blob) -> new Ack(blob.data().length));
                // Bare Netty acknowledges on its event loop; so does this handler, which only counts bytes and never
                // blocks (registerNonBlocking). The byte[] measurement keeps the default handler thread.
                node.registerNonBlocking(BenchMessages.BULK, (peer, bulk) -> new Ack(bulk.data().length()));
                // An echo never blocks: served on the event loop (the blocking default is measured as PING_BLOCKING).
                node.registerNonBlocking(BenchMessages.PING, (peer, ping) -> ping);
                node.register(BenchMessages.PING_BLOCKING, (peer, ping) -> ping);
            }
            server.registerUpload(BenchMessages.UPLOAD, (peer, header, in) -> {
                byte[] sink = new byte[64 * 1024];
                long total = 0;
                for (int n; (n = in.read(sink)) > 0; ) {
                    total += n;
                }
                return new Ack((int) (total / MIB));
            });
            // Bare Netty counts the bytes it receives and releases them; so does this handler, chunk by chunk.
            server.registerUpload(BenchMessages.UPLOAD_CHUNKS, (peer, header, in) -> {
                ChunkedBody chunks = (ChunkedBody) in;
                long total = 0;
                for (Payload chunk; (chunk = chunks.nextChunk()) != null; ) {
                    total += chunk.length();
                }
                return new Ack((int) (total / MIB));
            });
            PeerAddress target = new PeerAddress(server.nodeId(), "127.0.0.1", server.listenAddress().getPort());
            PeerAddress jdkTarget = new PeerAddress(jdkServer.nodeId(), "127.0.0.1",
                    jdkServer.listenAddress().getPort());

            // Two phases, like two forks of one JVM: first the target comparison (1 MiB messages as a Payload against
            // bare Netty on the same engine) with nothing else having run, then everything else. The JIT compiles
            // shared code (Netty's TLS handler, the buffers) for the types it has seen; the JDK engine and the stream
            // paths would shape it too, while a node runs one TLS engine. (In the few runs made, the order moved the
            // figure by no more than their spread.)
            //
            // Each phase warms up until the JIT is done, not for a fixed count: at 1 MiB a call, the code that runs
            // once per message (encoding, dispatch, futures) is called ~1,500 times a second and C2 compiles it only
            // after several thousand calls, so three passes left the transport's per-message path half compiled while
            // bare Netty (almost no per-message code) was already at full speed. A pass that compiled for less than
            // 1 % of its wall time ends the warm-up (at least 3 passes, at most MAX_WARMUP_NANOS).
            Warmup messagesWarmup = warmUp("1 MiB messages", () -> {
                bulkRound(client, target, payload, messages, inFlight);
                netty.stream(payload, messages, inFlight);
                nettyPooled.stream(payload, messages, inFlight);
            });
            double[] bulkRates = new double[rounds];
            double[] nettyRates = new double[rounds];
            double[] nettyPooledRates = new double[rounds];
            double[] bulkVsNettyPooled = new double[rounds];
            // Per round, the transport and bare Netty one right after the other, taking turns at going first (so a
            // collection the one leaves behind does not always land in the other's round), so a load swing between
            // rounds moves both; the ratios are taken per round (then the median), and also per CPU-second of the
            // process.
            double[] bulkVsNetty = new double[rounds];
            double[] bulkVsNettyCpu = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                long bulkCpu = 0;
                long bulkGc = 0;
                long nettyCpu = 0;
                long nettyGc = 0;
                for (int turn = 0; turn < 2; turn++) {
                    long cpu = cpuNanos();
                    long gc = gcMillis();
                    if ((turn + round) % 2 == 0) {
                        bulkRates[round] = rate(messages, bulkRound(client, target, payload, messages, inFlight));
                        bulkCpu = cpuNanos() - cpu;
                        bulkGc = gcMillis() - gc;
                    } else {
                        nettyRates[round] = rate(messages, netty.stream(payload, messages, inFlight));
                        nettyCpu = cpuNanos() - cpu;
                        nettyGc = gcMillis() - gc;
                    }
                }
                nettyPooledRates[round] = rate(messages, nettyPooled.stream(payload, messages, inFlight));
                bulkVsNettyPooled[round] = bulkRates[round] / nettyPooledRates[round];
                bulkVsNetty[round] = bulkRates[round] / nettyRates[round];
                bulkVsNettyCpu[round] = (double) nettyCpu / bulkCpu;
                System.err.printf(Locale.ROOT, "round %d: transport Payload %.0f MiB/s (%.0f us CPU per MiB, GC %d ms), bare"
                        + " Netty %s %.0f MiB/s (%.0f us CPU per MiB, GC %d ms), pooled allocator %.0f MiB/s%n",
                        round + 1, bulkRates[round], bulkCpu / 1e3 / messages, bulkGc, engine, nettyRates[round],
                        nettyCpu / 1e3 / messages, nettyGc, nettyPooledRates[round]);
            }

            Warmup restWarmup = warmUp("everything else", () -> {
                transportRound(client, target, payload, messages, inFlight);
                transportRound(jdkClient, jdkTarget, payload, messages, inFlight);
                uploadRound(client, target, payload, messages / 4);
                payloadUploadRound(client, target, body);
                netty.stream(body, MIB, messages, inFlight);
                plain.stream(payload, messages);
                netty.stream(payload, messages, inFlight);
                nettyJdk.stream(payload, messages, inFlight);
            });
            double[] transportRates = new double[rounds];
            double[] jdkTransportRates = new double[rounds];
            double[] plainRates = new double[rounds];
            double[] nettyJdkRates = new double[rounds];
            double[] streamRates = new double[rounds];
            double[] payloadStreamRates = new double[rounds];
            double[] nettySameBytesRates = new double[rounds];
            double[] nettyHotRates = new double[rounds];
            double[] streamVsNetty = new double[rounds];
            double[] streamVsNettyCpu = new double[rounds];
            double[] byteArrayVsNetty = new double[rounds];
            double[] payloadStreamVsNetty = new double[rounds];
            double[] payloadStreamVsNettyCpu = new double[rounds];
            double[] payloadStreamVsHotNetty = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                long cpu = cpuNanos();
                nettyHotRates[round] = rate(messages, netty.stream(payload, messages, inFlight));
                long nettyCpu = cpuNanos() - cpu;
                cpu = cpuNanos();
                streamRates[round] = rate(messages, uploadRound(client, target, payload, messages));
                long streamCpu = cpuNanos() - cpu;
                // The upload stream of a body in memory, right after bare Netty sending the same bytes.
                cpu = cpuNanos();
                nettySameBytesRates[round] = rate(messages, netty.stream(body, MIB, messages, inFlight));
                long nettySameBytesCpu = cpuNanos() - cpu;
                cpu = cpuNanos();
                payloadStreamRates[round] = rate(messages, payloadUploadRound(client, target, body));
                long payloadStreamCpu = cpuNanos() - cpu;
                payloadStreamVsNetty[round] = payloadStreamRates[round] / nettySameBytesRates[round];
                payloadStreamVsNettyCpu[round] = (double) nettySameBytesCpu / payloadStreamCpu;
                payloadStreamVsHotNetty[round] = payloadStreamRates[round] / nettyHotRates[round];
                transportRates[round] = rate(messages, transportRound(client, target, payload, messages, inFlight));
                plainRates[round] = rate(messages, plain.stream(payload, messages));
                jdkTransportRates[round] = rate(messages,
                        transportRound(jdkClient, jdkTarget, payload, messages, inFlight));
                nettyJdkRates[round] = rate(messages, nettyJdk.stream(payload, messages, inFlight));
                streamVsNetty[round] = streamRates[round] / nettyHotRates[round];
                byteArrayVsNetty[round] = transportRates[round] / nettyHotRates[round];
                streamVsNettyCpu[round] = (double) nettyCpu / streamCpu;
                System.err.printf(Locale.ROOT, "round %d: stream upload (InputStream body) %.0f MiB/s (%.0f us CPU per MiB),"
                        + " bare Netty %s %.0f MiB/s (%.0f us CPU per MiB)%n", round + 1, streamRates[round],
                        streamCpu / 1e3 / messages, engine, nettyHotRates[round], nettyCpu / 1e3 / messages);
                System.err.printf(Locale.ROOT, "round %d: Payload upload stream %.0f MiB/s (%.0f us CPU per MiB), bare Netty"
                        + " sending the same %d MiB %.0f MiB/s (%.0f us CPU per MiB)%n", round + 1,
                        payloadStreamRates[round], payloadStreamCpu / 1e3 / messages, messages,
                        nettySameBytesRates[round], nettySameBytesCpu / 1e3 / messages);
                System.err.printf(Locale.ROOT, "round %d: transport byte[] %.0f MiB/s, plain JDK TLS %.0f MiB/s, transport"
                        + " on JDK TLS %.0f MiB/s, bare Netty JDK TLS %.0f MiB/s%n", round + 1,
                        transportRates[round], plainRates[round], jdkTransportRates[round], nettyJdkRates[round]);
            }
            double plainMedian = median(plainRates);

            rttRound(client, target, 1, 1); // warm-up
            // One caller's round trips and the plain ping-pong take turns, one second each, so both see the same
            // load; the ratio is the median of the per-turn ratios.
            double[] sequentials = new double[Math.max(1, rttSeconds)];
            double[] plainSequentials = new double[sequentials.length];
            double[] rttRatios = new double[sequentials.length];
            for (int turn = 0; turn < sequentials.length; turn++) {
                sequentials[turn] = rttRound(client, target, 1, 1);
                plainSequentials[turn] = plain.pingPong(TimeUnit.SECONDS.toNanos(1));
                rttRatios[turn] = sequentials[turn] / plainSequentials[turn];
            }
            double sequential = median(sequentials);
            double plainSequential = median(plainSequentials);
            double concurrent = rttRound(client, target, 64, rttSeconds);
            rttRound(client, target, BenchMessages.PING_BLOCKING, 1, 1); // warm-up
            double blockingSequential = rttRound(client, target, BenchMessages.PING_BLOCKING, 1, rttSeconds);
            // The plain pair's threads are platform threads; the same caller kind here, for comparison.
            double platformSequential = rttRound(client, target, BenchMessages.PING, 1, rttSeconds,
                    Thread.ofPlatform());

            System.out.printf(Locale.ROOT, """
                    transport TLS engine: %s; plain baseline: JDK SSLSocket pair; warm-up: %s; then %s
                    | measurement (median of %d rounds x %d MiB, %d in flight) | MiB/s or /s | plain TLS 1.3 sockets | ratio |
                    |---|---:|---:|---:|
                    | 1 MiB messages as a Payload (no copies), Quarry transport (default tls_provider) | %.0f | %.0f | %.2f |
                    | 1 MiB messages as a byte[] (copied each side), Quarry transport (default tls_provider) | %.0f | %.0f | %.2f |
                    | 1 MiB messages, Quarry transport with tls_provider = "jdk" | %.0f | %.0f | %.2f |
                    | one %d MiB upload stream, body a Payload, handler takes chunks (default tls_provider) | %.0f | %.0f | %.2f |
                    | the same %d MiB over bare Netty + %s, 1 MiB messages (no framing/CBOR) | %.0f | %.0f | %.2f |
                    | one %d MiB upload stream, body an InputStream, handler reads into an array | %.0f | %.0f | %.2f |
                    | 1 MiB messages over bare Netty + %s (no framing/CBOR) | %.0f | %.0f | %.2f |
                    | 1 MiB messages over bare Netty + %s, the transport's pooled allocator | %.0f | %.0f | %.2f |
                    | 1 MiB messages over bare Netty + JDK TLS (no framing/CBOR) | %.0f | %.0f | %.2f |
                    | small request/response, round trips/s, 1 caller (handler registered non-blocking) | %.0f | %.0f | %.2f |
                    | small request/response, round trips/s, 1 caller (handler on a virtual thread) | %.0f | %.0f | %.2f |
                    | small request/response, round trips/s, 1 platform-thread caller (handler non-blocking) | %.0f | %.0f | %.2f |
                    | small request/response, round trips/s, 64 concurrent callers | %.0f | - | - |
                    """, engine, messagesWarmup, restWarmup, rounds, messages, inFlight,
                    median(bulkRates), plainMedian, median(bulkRates) / plainMedian,
                    median(transportRates), plainMedian, median(transportRates) / plainMedian,
                    median(jdkTransportRates), plainMedian, median(jdkTransportRates) / plainMedian,
                    messages, median(payloadStreamRates), plainMedian, median(payloadStreamRates) / plainMedian,
                    messages, engine, median(nettySameBytesRates), plainMedian, median(nettySameBytesRates) / plainMedian,
                    messages, median(streamRates), plainMedian, median(streamRates) / plainMedian,
                    engine, median(nettyRates), plainMedian, median(nettyRates) / plainMedian,
                    engine, median(nettyPooledRates), plainMedian, median(nettyPooledRates) / plainMedian,
                    median(nettyJdkRates), plainMedian, median(nettyJdkRates) / plainMedian,
                    sequential, plainSequential, sequential / plainSequential,
                    blockingSequential, plainSequential, blockingSequential / plainSequential,
                    platformSequential, plainSequential, platformSequential / plainSequential, concurrent);
            System.out.println("rounds, transport Payload MiB/s: " + format(bulkRates));
            System.out.println("rounds, transport byte[] MiB/s: " + format(transportRates));
            System.out.println("rounds, plain JDK TLS MiB/s: " + format(plainRates));
            System.out.println("rounds, transport on JDK TLS MiB/s: " + format(jdkTransportRates));
            System.out.println("rounds, bare Netty " + engine + " MiB/s: " + format(nettyRates));
            System.out.println("rounds, bare Netty " + engine + " MiB/s, second phase (the stream and byte[] ratios): "
                    + format(nettyHotRates));
            System.out.println("rounds, bare Netty " + engine + " pooled allocator MiB/s: " + format(nettyPooledRates));
            System.out.println("rounds, bare Netty JDK TLS MiB/s: " + format(nettyJdkRates));
            System.out.println("rounds, stream upload (InputStream body) MiB/s: " + format(streamRates));
            System.out.println("rounds, stream upload (Payload body) MiB/s: " + format(payloadStreamRates));
            System.out.println("rounds, bare Netty " + engine + " sending the same " + messages + " MiB, MiB/s: "
                    + format(nettySameBytesRates));
            // The figures the targets name, one per line; the 1 MiB message ratio last (bench/transport.sh repeats it).
            System.out.println("rounds, transport Payload / bare Netty: " + format2(bulkVsNetty) + "; per CPU-second: "
                    + format2(bulkVsNettyCpu));
            System.out.println("rounds, stream upload (Payload body) / bare Netty sending the same bytes: "
                    + format2(payloadStreamVsNetty) + "; per CPU-second: " + format2(payloadStreamVsNettyCpu));
            System.out.println("rounds, stream upload (Payload body) / bare Netty sending one MiB over and over: "
                    + format2(payloadStreamVsHotNetty));
            System.out.println("rounds, stream upload (InputStream body) / bare Netty sending one MiB over and over: "
                    + format2(streamVsNetty) + "; per CPU-second: " + format2(streamVsNettyCpu));
            System.out.println("rounds, transport Payload / bare Netty with the pooled allocator: "
                    + format2(bulkVsNettyPooled));
            System.out.printf(Locale.ROOT, "transport_vs_bare_netty_pooled=%.2f%n", median(bulkVsNettyPooled));
            System.out.printf(Locale.ROOT, "transport_bytearray_vs_bare_netty=%.2f%n", median(byteArrayVsNetty));
            System.out.printf(Locale.ROOT, "inputstream_upload_vs_bare_netty=%.2f%n", median(streamVsNetty));
            System.out.printf(Locale.ROOT, "stream_vs_bare_netty_hot_source=%.2f%n", median(payloadStreamVsHotNetty));
            System.out.printf(Locale.ROOT, "stream_vs_bare_netty_same_bytes_cpu=%.2f%n",
                    median(payloadStreamVsNettyCpu));
            // The 512 MiB upload stream the way bulk data should travel (a body in memory, chunks taken as they
            // arrived) against bare Netty sending the same bytes, wall clock: the median of the per-round ratios.
            System.out.printf(Locale.ROOT, "stream_vs_bare_netty_same_bytes=%.2f%n", median(payloadStreamVsNetty));
            System.out.println("turns, 1 caller round trips / plain ping-pong: " + format2(rttRatios));
            System.out.printf(Locale.ROOT, "rtt_vs_ping_pong=%.2f%n", median(rttRatios));
            System.out.printf(Locale.ROOT, "transport_vs_bare_netty_cpu=%.2f%n", median(bulkVsNettyCpu));
            // 1 MiB messages the way bulk data should travel (a Payload component, no copies) over bare Netty on
            // the same engine, wall clock: the median of the per-round ratios.
            System.out.printf(Locale.ROOT, "transport_vs_bare_netty=%.2f%n", median(bulkVsNetty));
        }
    }

    private static NettyTlsPair nettyPair(KeyPair serverKeys, KeyPair clientKeys, TlsProvider provider) {
        return new NettyTlsPair(NodeTls.create(serverKeys, id(serverKeys), provider), id(serverKeys),
                NodeTls.create(clientKeys, id(clientKeys), provider), MIB);
    }

    /** {@code messages} 1 MiB requests from {@code inFlight} callers; returns elapsed nanoseconds. */
    private static long transportRound(NettyTransport client, PeerAddress target, byte[] payload, int messages,
                                       int inFlight) throws InterruptedException {
        AtomicLong left = new AtomicLong(messages);
        List<Thread> callers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < inFlight; i++) {
            callers.add(Thread.ofVirtual().start(() -> {
                while (left.getAndDecrement() > 0) {
                    Ack ack = client.request(target, BenchMessages.BLOB, new Blob(payload)).join();
                    if (ack.bytes() != payload.length) {
                        throw new IllegalStateException("short ack " + ack.bytes());
                    }
                }
            }));
        }
        for (Thread caller : callers) {
            caller.join();
        }
        return System.nanoTime() - start;
    }

    /** As {@link #transportRound}, the bytes as a {@link Payload} (wrapped, not copied; never changed). */
    private static long bulkRound(NettyTransport client, PeerAddress target, byte[] payload, int messages,
                                  int inFlight) throws InterruptedException {
        AtomicLong left = new AtomicLong(messages);
        List<Thread> callers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < inFlight; i++) {
            callers.add(Thread.ofVirtual().start(() -> {
                while (left.getAndDecrement() > 0) {
                    Ack ack = client.request(target, BenchMessages.BULK, new Bulk(Payload.wrap(payload))).join();
                    if (ack.bytes() != payload.length) {
                        throw new IllegalStateException("short ack " + ack.bytes());
                    }
                }
            }));
        }
        for (Thread caller : callers) {
            caller.join();
        }
        return System.nanoTime() - start;
    }

    /** One upload of {@code messages} MiB (the payload over and over); returns elapsed nanoseconds. */
    private static long uploadRound(NettyTransport client, PeerAddress target, byte[] payload, int messages) {
        InputStream body = new InputStream() {
            private long left = (long) messages * payload.length;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                int at = (int) (left % payload.length);
                int n = (int) Math.min(Math.min(length, left), payload.length - at);
                System.arraycopy(payload, at, target, offset, n);
                left -= n;
                return n;
            }
        };
        long start = System.nanoTime();
        Ack ack = client.upload(target, BenchMessages.UPLOAD, new Ping(messages), body).join();
        if (ack.bytes() != messages) {
            throw new IllegalStateException("short upload " + ack.bytes());
        }
        return System.nanoTime() - start;
    }

    /** One upload of {@code body} as a {@link Payload}, its chunks taken as they arrived; elapsed nanoseconds. */
    private static long payloadUploadRound(NettyTransport client, PeerAddress target, byte[] body) {
        int mib = body.length / MIB;
        long start = System.nanoTime();
        Ack ack = client.upload(target, BenchMessages.UPLOAD_CHUNKS, new Ping(mib), Payload.wrap(body)).join();
        if (ack.bytes() != mib) {
            throw new IllegalStateException("short upload " + ack.bytes());
        }
        return System.nanoTime() - start;
    }

    /** Round trips per second with {@code callers} concurrent callers for {@code seconds}. */
    private static double rttRound(NettyTransport client, PeerAddress target, int callers, int seconds)
            throws InterruptedException {
        return rttRound(client, target, BenchMessages.PING, callers, seconds);
    }

    /** As above, calling {@code protocol}. */
    private static double rttRound(NettyTransport client, PeerAddress target, Protocol<Ping, Ping> protocol,
                                   int callers, int seconds) throws InterruptedException {
        return rttRound(client, target, protocol, callers, seconds, Thread.ofVirtual());
    }

    /** As above, the callers made by {@code threads} (virtual, or platform like the plain pair's). */
    private static double rttRound(NettyTransport client, PeerAddress target, Protocol<Ping, Ping> protocol,
                                   int callers, int seconds, Thread.Builder threads) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            started.add(threads.start(() -> {
                for (long n = 0; System.nanoTime() < end; n++) {
                    client.request(target, protocol, new Ping(n)).join();
                    done.incrementAndGet();
                }
            }));
        }
        for (Thread thread : started) {
            thread.join();
        }
        return done.get() / (double) seconds;
    }

    private static NettyTransport start(KeyPair keys, ExecutorService handlers, TlsProvider provider) {
        return NettyTransport.start(TransportSettings.DEFAULTS.withTlsProvider(provider), keys, id(keys),
                new InetSocketAddress("127.0.0.1", 0), handlers, new SimpleMeterRegistry());
    }

    private static KeyPair keys() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    private static String id(KeyPair keys) {
        byte[] spki = keys.getPublic().getEncoded();
        return HexFormat.of().formatHex(spki, spki.length - 32, spki.length);
    }

    private static double rate(int messages, long nanos) {
        return messages / (nanos / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** A measurement's warm-up: passes run, and the JIT's and the wall clock's milliseconds in the last one. */
    private record Warmup(String what, int passes, long lastJitMillis, long lastMillis, boolean capped) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %d passes (JIT %d ms of %d ms in the last%s)", what, passes,
                    lastJitMillis, lastMillis, capped ? "; stopped by the time cap, the JIT still busy" : "");
        }
    }

    /** One pass of a warm-up. */
    private interface Pass {
        void run() throws Exception;
    }

    /**
     * Runs {@code pass} until the JIT compiled for less than 1 % of a pass (at least 3 passes, at most
     * MAX_WARMUP_NANOS).
     */
    private static Warmup warmUp(String what, Pass pass) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        int passes = 0;
        long jitMillis;
        long millis;
        long deadline = System.nanoTime() + MAX_WARMUP_NANOS;
        boolean quiet;
        do {
            long jitBefore = jit.getTotalCompilationTime();
            long start = System.nanoTime();
            pass.run();
            millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            jitMillis = jit.getTotalCompilationTime() - jitBefore;
            passes++;
            System.err.printf(Locale.ROOT, "warm-up (%s) pass %d: %d ms, JIT %d ms%n", what, passes, millis, jitMillis);
            quiet = passes >= 3 && jitMillis * 100 <= millis;
        } while (!quiet && System.nanoTime() - deadline < 0);
        return new Warmup(what, passes, jitMillis, millis, !quiet);
    }

    /** Milliseconds the JVM's collectors have spent so far (pauses and concurrent work they report). */
    private static long gcMillis() {
        long total = 0;
        for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, collector.getCollectionTime());
        }
        return total;
    }

    private static String format2(double[] values) {
        StringBuilder out = new StringBuilder();
        for (double value : values) {
            out.append(out.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", value));
        }
        return out.toString();
    }

    private static String format(double[] values) {
        StringBuilder out = new StringBuilder();
        for (double value : values) {
            out.append(out.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", value));
        }
        return out.toString();
    }
}
