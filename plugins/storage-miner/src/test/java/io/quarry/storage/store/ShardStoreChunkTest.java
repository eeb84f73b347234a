package io.quarry.storage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.transport.ChunkedBody;
import io.quarry.api.transport.Payload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shard body the transport hands over chunk by chunk ({@link ChunkedBody}): the store takes the chunks as they
 * are, never reads the body as a stream, and keeps the same rules as for a stream (announced size, hash).
 */
class ShardStoreChunkTest {

    @TempDir
    Path dir;

    ShardStore open() {
        return ShardStore.open(dir, 0, ShardCache.DEFAULT_MAX_ENTRIES, 64 << 20);
    }

    @Test
    void storesAShardFromItsChunksWithoutReadingTheStream() {
        ShardStore store = open();
        byte[] data = ShardStoreTest.random(700_000, 11);
        Chunks body = Chunks.of(data, 256 * 1024, 1, 100_000); // odd sizes, a one-byte chunk among them
        StoreResult result = store.put(ShardId.of(data), body, data.length);
        assertThat(result.alreadyPresent()).isFalse();
        assertThat(store.readFromDisk(ShardId.of(data))).contains(data);
        assertThat(body.lent).isEqualTo(body.chunks.size());
        assertThat(body.streamReads).isZero();
    }

    @Test
    void aChunkRunningPastTheAnnouncedSizeIsCutAndNothingAfterItIsTaken() {
        ShardStore store = open();
        byte[] data = ShardStoreTest.random(10_000, 12);
        byte[] stored = Arrays.copyOf(data, 6_000);
        Chunks body = Chunks.of(data, 4_000); // 4,000 + 4,000 (cut at 2,000) + 2,000 never asked for
        StoreResult result = store.put(ShardId.of(stored), body, stored.length);
        assertThat(result.size()).isEqualTo(6_000);
        assertThat(store.readFromDisk(ShardId.of(stored))).contains(stored);
        assertThat(body.lent).isEqualTo(2);
    }

    @Test
    void chunksEndingEarlyAreTruncatedAndLeaveNothingBehind() throws IOException {
        ShardStore store = open();
        byte[] data = ShardStoreTest.random(5_000, 13);
        Chunks body = Chunks.of(Arrays.copyOf(data, 4_999), 2_000);
        assertThatThrownBy(() -> store.put(ShardId.of(data), body, data.length))
                .isInstanceOfSatisfying(StoreRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreRefusedException.Reason.TRUNCATED));
        assertThat(body.lent).isEqualTo(3);
        assertThat(body.streamReads).isZero();
        assertNothingStored(store, ShardId.of(data));
    }

    @Test
    void chunksThatDoNotHashToTheIdAreRefusedAndLeaveNothingBehind() throws IOException {
        ShardStore store = open();
        byte[] data = ShardStoreTest.random(5_000, 14);
        byte[] tampered = data.clone();
        tampered[4_321] ^= 1;
        Chunks body = Chunks.of(tampered, 1_000);
        assertThatThrownBy(() -> store.put(ShardId.of(data), body, data.length))
                .isInstanceOfSatisfying(StoreRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreRefusedException.Reason.HASH_MISMATCH));
        assertThat(body.streamReads).isZero();
        assertNothingStored(store, ShardId.of(data));
    }

    private void assertNothingStored(ShardStore store, ShardId id) throws IOException {
        assertThat(store.contains(id)).isFalse();
        assertThat(store.usedBytes()).isZero();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    /**
     * A body lent chunk by chunk, as the transport's is: a chunk stops working when the next one is asked for, so
     * a store that kept using it would fail. Reading it as a stream is counted (and must not happen).
     */
    static final class Chunks extends InputStream implements ChunkedBody {
        final List<byte[]> chunks = new ArrayList<>();
        int lent;
        int streamReads;
        private Lent current;

        /** {@code data} cut into chunks of the given sizes, the last size repeating until the data ends. */
        static Chunks of(byte[] data, int... sizes) {
            Chunks body = new Chunks();
            int at = 0;
            for (int i = 0; at < data.length; i++) {
                int n = Math.min(sizes[Math.min(i, sizes.length - 1)], data.length - at);
                body.chunks.add(Arrays.copyOfRange(data, at, at + n));
                at += n;
            }
            return body;
        }

        @Override
        public Payload nextChunk() {
            if (current != null) {
                current.returned = true;
            }
            current = lent < chunks.size() ? new Lent(chunks.get(lent++)) : null;
            return current;
        }

        @Override
        public int read() {
            streamReads++;
            return -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            streamReads++;
            return -1;
        }
    }

    /** A chunk valid until the next one is asked for. */
    static final class Lent extends Payload {
        private final byte[] bytes;
        boolean returned;

        Lent(byte[] bytes) {
            this.bytes = bytes;
        }

        private byte[] live() {
            if (returned) {
                throw new IllegalStateException("chunk used after the next call on its body");
            }
            return bytes;
        }

        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public void read(int offset, byte[] target, int targetOffset, int length) {
            System.arraycopy(live(), offset, target, targetOffset, length);
        }

        @Override
        public long writeTo(WritableByteChannel channel) throws IOException {
            ByteBuffer view = ByteBuffer.wrap(live());
            while (view.hasRemaining()) {
                channel.write(view);
            }
            return bytes.length;
        }

        @Override
        public byte[] wrappedArray() {
            return null;
        }
    }
}
