package io.quarry.storage.validator;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.identity.Identity;
import io.quarry.api.transport.DownloadHandler;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Protocol;
import io.quarry.api.transport.RequestHandler;
import io.quarry.api.transport.Transport;
import io.quarry.api.transport.UploadHandler;
import io.quarry.storage.StorageMetrics;
import io.quarry.storage.TestKeys;
import io.quarry.storage.auth.CommandSignatures;
import io.quarry.storage.wire.Manifest;
import io.quarry.storage.wire.MinerControl;
import io.quarry.storage.wire.MinerReply;
import io.quarry.storage.wire.ValidatorControl;
import io.quarry.testing.MutableClock;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deleting a file deletes only the shards no other stored file names. */
class FileGatewayDeleteTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z").toEpochMilli());
    final Membership membership = new Membership(clock, 16, 2, 1, Set.of());
    final MemoryManifestStore manifests = new MemoryManifestStore();
    final TestKeys validatorKeys = TestKeys.generate();
    final Identity identity = new Identity() {
        @Override
        public String nodeId() {
            return validatorKeys.nodeId();
        }

        @Override
        public byte[] publicKey() {
            return java.util.HexFormat.of().parseHex(validatorKeys.nodeId());
        }

        @Override
        public byte[] sign(byte[] message) {
            return validatorKeys.sign(message);
        }
    };
    /** Shard hashes each miner was told to delete. */
    final Map<String, Set<String>> deleted = new ConcurrentHashMap<>();
    final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    final FileGateway gateway = new FileGateway(new RecordingTransport(), identity, membership, manifests,
            new PgIndex(), new StorageMetrics(new SimpleMeterRegistry()), clock, workers);

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    @Test
    void aShardAnotherFileStillNamesIsNotDeleted() {
        for (String family : List.of("f1", "f2", "f3")) {
            TestKeys miner = TestKeys.generate();
            long now = clock.millis();
            membership.register(miner.nodeId(), new ValidatorControl.Register(family, 0, 0, "127.0.0.1", 7000, now,
                    miner.sign(CommandSignatures.register(miner.nodeId(), now))));
        }
        // With 2 data shards, both files' first data shard is 500 zero bytes: the same shard hash.
        byte[] first = new byte[1000];
        first[999] = 1;
        byte[] second = new byte[1000];
        second[999] = 2;
        Manifest a = gateway.upload(first);
        Manifest b = gateway.upload(second);
        String shared = a.stripes().getFirst().shards().getFirst();
        assertThat(b.stripes().getFirst().shards()).contains(shared);

        assertThat(gateway.delete(a.fileId())).isTrue();
        Set<String> afterFirst = all(deleted);
        assertThat(afterFirst).doesNotContain(shared)
                .containsAll(a.stripes().getFirst().shards().stream().filter(h -> !h.equals(shared)).toList());

        assertThat(gateway.delete(b.fileId())).isTrue();
        assertThat(all(deleted)).contains(shared).containsAll(b.stripes().getFirst().shards());
    }

    private static Set<String> all(Map<String, Set<String>> byMiner) {
        Set<String> all = new java.util.HashSet<>();
        byMiner.values().forEach(all::addAll);
        return all;
    }

    /** Every upload is stored; every Delete is recorded and acknowledged. */
    private final class RecordingTransport implements Transport {

        @Override
        public <Q, R> void register(Protocol<Q, R> protocol, RequestHandler<Q, R> handler) {
        }

        @Override
        public <Q, R> void register(Protocol<Q, R> protocol, RequestHandler<Q, R> handler, Executor executor) {
        }

        @Override
        public <Q, R> void registerUpload(Protocol<Q, R> protocol, UploadHandler<Q, R> handler) {
        }

        @Override
        public <Q> void registerDownload(Protocol<Q, ?> protocol, DownloadHandler<Q> handler) {
        }

        @Override
        @SuppressWarnings("unchecked")
        public <Q, R> CompletableFuture<R> request(PeerAddress peer, Protocol<Q, R> protocol, Q request) {
            if (request instanceof MinerControl.Delete delete) {
                deleted.computeIfAbsent(peer.nodeId(), id -> ConcurrentHashMap.newKeySet()).add(delete.hash());
            }
            return CompletableFuture.completedFuture((R) new MinerReply.Ok("deleted"));
        }

        @Override
        public <Q> CompletableFuture<Void> send(PeerAddress peer, Protocol<Q, ?> protocol, Q message) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <Q, R> CompletableFuture<R> upload(PeerAddress peer, Protocol<Q, R> protocol, Q header, InputStream body) {
            return CompletableFuture.completedFuture((R) new MinerReply.Ok("stored"));
        }

        @Override
        public <Q> CompletableFuture<InputStream> download(PeerAddress peer, Protocol<Q, ?> protocol, Q request) {
            return CompletableFuture.failedFuture(new IllegalStateException("no downloads in this test"));
        }
    }
}
