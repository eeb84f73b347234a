package io.quarry.storage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardStoreTest {

    @TempDir
    Path dir;

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    ShardStore open(long maxBytes) {
        return ShardStore.open(dir, maxBytes, ShardCache.DEFAULT_MAX_ENTRIES, 64 << 20);
    }

    @Test
    void storesUnderTheBlake3HashAndReadsBack() {
        ShardStore store = open(0);
        byte[] data = random(300_000, 1);
        StoreResult result = store.put(data);
        assertThat(result.id()).isEqualTo(ShardId.of(data));
        assertThat(result.alreadyPresent()).isFalse();
        assertThat(store.read(result.id())).contains(data);
        assertThat(store.readFromDisk(result.id())).contains(data);
        assertThat(store.usedBytes()).isEqualTo(300_000);
        assertThat(store.put(data).alreadyPresent()).isTrue();
        assertThat(store.usedBytes()).isEqualTo(300_000);
        assertThat(store.count()).isOne();
    }

    @Test
    void refusesBytesThatDoNotHashToTheirId() {
        ShardStore store = open(0);
        ShardId claimed = ShardId.of(random(10, 1));
        assertThatThrownBy(() -> store.put(claimed, random(10, 2)))
                .isInstanceOfSatisfying(StoreRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreRefusedException.Reason.HASH_MISMATCH));
        assertThat(store.contains(claimed)).isFalse();
        assertThat(store.usedBytes()).isZero();
    }

    @Test
    void refusesStreamsShorterOrLongerThanAnnounced() {
        ShardStore store = open(0);
        byte[] data = random(1000, 3);
        assertThatThrownBy(() -> store.put(ShardId.of(data), new ByteArrayInputStream(data, 0, 999), 1000))
                .isInstanceOfSatisfying(StoreRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreRefusedException.Reason.TRUNCATED));
        // Extra bytes after the announced size are not read, so the hash of the first 999 bytes is checked.
        assertThatThrownBy(() -> store.put(ShardId.of(data), new ByteArrayInputStream(data), 999))
                .isInstanceOfSatisfying(StoreRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreRefusedException.Reason.HASH_MISMATCH));
    }

    @Test
    void refusesOversizeShardsWithoutReadingThem() {
        ShardStore store = open(0);
        InputStream never = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("an oversize shard must be refused before its bytes are read");
            }
        };
        ShardId id = ShardId.of(new byte[1]);
        assertThatThrownBy(() -> store.put(id, never, StorageLimits.MAX_FETCH_RESPONSE_SIZE + 1L))
                .isInstanceOfSatisfying(StoreRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreRefusedException.Reason.OVERSIZE))
                .hasMessageContaining("at most 4194304");
    }

    @Test
    void availableBytesIsWhatTheMaximumLeavesOrWithoutOneTheDisksFreeSpace() throws Exception {
        long disk = java.nio.file.Files.getFileStore(dir).getUsableSpace();
        ShardStore limited = open(2500);
        limited.put(random(1000, 1));
        assertThat(limited.availableBytes()).isEqualTo(Math.min(1500, disk));
        ShardStore unlimited = open(0);
        // No maximum: the file system's free space, which other processes change, so only its neighbourhood.
        assertThat(unlimited.availableBytes()).isPositive().isBetween(disk / 2, disk * 2);
    }

    @Test
    void refusesWritesPastTheMaximumWithAReasonAndCountsThem() {
        ShardStore store = open(2500);
        store.put(random(1000, 1));
        store.put(random(1000, 2));
        assertThatThrownBy(() -> store.put(random(1000, 3)))
                .isInstanceOfSatisfying(StoreRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreRefusedException.Reason.FULL))
                .hasMessageContaining("storage full").hasMessageContaining("max_storage_gb");
        assertThat(store.refusedFull()).isOne();
        store.put(random(500, 4));
        assertThat(store.usedBytes()).isEqualTo(2500);
        store.delete(ShardId.of(random(1000, 1)));
        store.put(random(1000, 3));
        assertThat(store.count()).isEqualTo(3);
    }

    @Test
    void detectsCorruptionOnDiskAndNeverServesIt() throws IOException {
        ShardStore store = open(0);
        byte[] data = random(5000, 5);
        ShardId id = store.put(data).id();
        byte[] tampered = data.clone();
        tampered[4000] ^= 1;
        Files.write(store.pathOf(id), tampered);
        assertThatThrownBy(() -> store.readFromDisk(id)).isInstanceOf(CorruptShardException.class)
                .hasMessageContaining(id.hex());
        assertThat(store.corruptReads()).isOne();
        assertThat(store.contains(id)).isFalse();
        assertThat(store.read(id)).isEmpty();
        assertThat(store.usedBytes()).isZero();
        assertThat(Files.list(dir.resolve("corrupt"))).hasSize(1);
    }

    @Test
    void rangeReadsAreClampedToTheShard() {
        ShardStore store = open(0);
        byte[] data = random(100, 6);
        ShardId id = store.put(data).id();
        assertThat(store.readRange(id, 10, 5)).hasValueSatisfying(r -> assertThat(r).containsExactly(
                data[10], data[11], data[12], data[13], data[14]));
        assertThat(store.readRange(id, 95, 100)).hasValueSatisfying(r -> assertThat(r).hasSize(5));
        assertThat(store.readRange(id, 200, 1)).hasValueSatisfying(r -> assertThat(r).isEmpty());
        assertThat(store.readRange(ShardId.of(new byte[0]), 0, 1)).isEmpty();
    }

    @Test
    void reopeningIndexesShardsAndRemovesIncompleteWrites() throws IOException {
        ShardStore store = open(0);
        ShardId a = store.put(random(700, 7)).id();
        ShardId b = store.put(random(300, 8)).id();
        store.delete(b);
        Files.write(dir.resolve("tmp").resolve("cut-short.part"), random(50, 9));
        ShardStore reopened = open(0);
        assertThat(reopened.list()).containsExactly(a);
        assertThat(reopened.usedBytes()).isEqualTo(700);
        assertThat(Files.list(dir.resolve("tmp"))).isEmpty();
    }

    @Test
    void cacheIsBoundedByEntriesAndBytes() {
        ShardCache cache = new ShardCache(3, 250);
        for (int i = 0; i < 5; i++) {
            cache.put(ShardId.of(new byte[] {(byte) i}), new byte[50]);
        }
        assertThat(cache.size()).isEqualTo(3);
        cache.get(ShardId.of(new byte[] {2}));
        cache.put(ShardId.of(new byte[] {9}), new byte[200]);
        assertThat(cache.bytes()).isLessThanOrEqualTo(250);
        assertThat(cache.get(ShardId.of(new byte[] {9}))).isNotNull();
        assertThat(cache.get(ShardId.of(new byte[] {3}))).isNull();
    }

    @Test
    void rejectsMalformedIds() {
        assertThatThrownBy(() -> new ShardId("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShardId("A".repeat(64))).isInstanceOf(IllegalArgumentException.class);
        assertThat(ShardId.isValid("0".repeat(64))).isTrue();
    }
}
