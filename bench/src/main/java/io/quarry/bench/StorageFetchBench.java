package io.quarry.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Protocol;
import io.quarry.kernel.transport.NettyTransport;
import io.quarry.kernel.transport.TransportSettings;
import io.quarry.storage.StorageMetrics;
import io.quarry.storage.miner.MinerLimits;
import io.quarry.storage.miner.MinerService;
import io.quarry.storage.store.ShardStore;
import io.quarry.storage.wire.FetchBlob;
import io.quarry.storage.wire.StorageProtocols;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * FetchBlob of 1 MiB shards at 64-way concurrency over loopback, against the raw transport moving the same bytes:
 * two NettyTransports in one JVM; the server serves storage/miner-fetch/1 through the storage-miner's
 * MinerService (shard store, verified and cached reads, limiter) and a bare download protocol that streams the
 * same arrays from a map. Rounds alternate so both see the same machine load. Run by bench/storage-fetch.sh.
 *
 * <p>Usage: StorageFetchBench [rounds] [secondsPerRound] [concurrency] [shards]
 */
public final class StorageFetchBench {

    /** The baseline: the same request record, answered by the bytes from memory. */
    static final Protocol<FetchBlob, Void> RAW = Protocol.oneWay("bench/raw-fetch/1", FetchBlob.class)
            .withMaxConcurrent(256);

    private StorageFetchBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int shardCount = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        Path dir = Files.createTempDirectory("storage-fetch-bench");
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        KeyPair serverKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair clientKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        try (NettyTransport server = start(serverKeys, handlers); NettyTransport client = start(clientKeys, handlers)) {
            ShardStore store = ShardStore.open(dir, 0, 10_000, 256L << 20);
            MinerService miner = new MinerService(store, "", MinerLimits.of(64, 32, 256, 2), server,
                    new StorageMetrics(new SimpleMeterRegistry()));
            miner.register();
            Map<String, byte[]> raw = new ConcurrentHashMap<>();
            Random random = new Random(1);
            List<String> hashes = new ArrayList<>();
            for (int i = 0; i < shardCount; i++) {
                byte[] shard = new byte[1 << 20];
                random.nextBytes(shard);
                String hash = store.put(shard).id().hex();
                hashes.add(hash);
                raw.put(hash, shard);
            }
            server.registerDownload(RAW, (peer, request) -> new ByteArrayInputStream(raw.get(request.hash())));
            PeerAddress target = new PeerAddress(id(serverKeys), "127.0.0.1", server.listenAddress().getPort());
            // Warm-up: one short round of each.
            round(client, target, StorageProtocols.MINER_FETCH, hashes, concurrency, 2);
            round(client, target, RAW, hashes, concurrency, 2);
            double[] fetch = new double[rounds];
            double[] bare = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                fetch[r] = round(client, target, StorageProtocols.MINER_FETCH, hashes, concurrency, seconds);
                bare[r] = round(client, target, RAW, hashes, concurrency, seconds);
                System.out.printf("round %d: FetchBlob %.0f MB/s, raw transport %.0f MB/s, ratio %.2f%n", r + 1,
                        fetch[r], bare[r], fetch[r] / bare[r]);
            }
            java.util.Arrays.sort(fetch);
            java.util.Arrays.sort(bare);
            System.out.printf("median FetchBlob %.0f MB/s, raw %.0f MB/s, ratio %.2f (%d-way, 1 MiB shards)%n",
                    fetch[rounds / 2], bare[rounds / 2], fetch[rounds / 2] / bare[rounds / 2], concurrency);
        } finally {
            handlers.shutdownNow();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** MB/s (10^6 bytes per second) of {@code concurrency} callers downloading shards for {@code seconds}. */
    private static double round(NettyTransport client, PeerAddress target, Protocol<FetchBlob, ?> protocol,
                                List<String> hashes, int concurrency, int seconds) throws InterruptedException {
        AtomicLong bytes = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> callers = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            int first = c;
            callers.add(Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[64 * 1024];
                for (int i = first; System.nanoTime() < end; i++) {
                    try (InputStream in = client.download(target, protocol, new FetchBlob(hashes.get(i % hashes.size()), 0, 0))
                            .get(60, TimeUnit.SECONDS)) {
                        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                            bytes.addAndGet(n);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
        for (Thread caller : callers) {
            caller.join();
        }
        return bytes.get() / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    private static NettyTransport start(KeyPair keys, ExecutorService handlers) {
        return NettyTransport.start(TransportSettings.DEFAULTS, keys, id(keys), new InetSocketAddress("127.0.0.1", 0),
                handlers, new SimpleMeterRegistry());
    }

    private static String id(KeyPair keys) {
        byte[] spki = keys.getPublic().getEncoded();
        return HexFormat.of().formatHex(spki, spki.length - 32, spki.length);
    }
}
