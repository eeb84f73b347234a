package io.quarry.storage.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory entries a shard depends on are fsynced before it is acknowledged, and those open() makes too. */
class ShardStoreDirectorySyncTest {

    @TempDir
    Path dir;

    final List<Path> synced = new CopyOnWriteArrayList<>();

    @Test
    void openSyncsTheDirectoriesItCreatesAndTheirParents() {
        Path root = dir.resolve("store");
        ShardStore.open(root, 0, 10, 1 << 20, synced::add);
        assertThat(synced).contains(dir.toAbsolutePath(), root, root.resolve("shards"), root.resolve("tmp"),
                root.resolve("corrupt"));
    }

    @Test
    void aNewPrefixDirectoryIsSyncedIntoShardsBeforeTheWriteIsAcknowledged() {
        ShardStore store = ShardStore.open(dir, 0, 10, 1 << 20, synced::add);
        synced.clear();
        byte[] data = {1, 2, 3};
        ShardId id = store.put(data).id();
        Path prefix = dir.resolve("shards").resolve(id.hex().substring(0, 2));
        assertThat(synced).containsExactly(dir.resolve("shards"), prefix);

        // Another shard in the same, now durable, prefix directory needs only that directory synced.
        synced.clear();
        byte[] sibling = sameprefix(id);
        store.put(sibling);
        assertThat(synced).containsExactly(prefix);

        // After a restart the prefix directories found on disk count as durable already.
        ShardStore reopened = ShardStore.open(dir, 0, 10, 1 << 20, synced::add);
        synced.clear();
        byte[] third = sameprefix(id, sibling);
        reopened.put(third);
        assertThat(synced).containsExactly(prefix);
    }

    /** Bytes whose shard id starts with the same two hex digits as {@code id}, unlike any of {@code not}. */
    private static byte[] sameprefix(ShardId id, byte[]... not) {
        for (int i = 0; ; i++) {
            byte[] candidate = java.nio.ByteBuffer.allocate(4).putInt(i).array();
            ShardId other = ShardId.of(candidate);
            boolean taken = other.equals(id);
            for (byte[] n : not) {
                taken |= java.util.Arrays.equals(n, candidate);
            }
            if (!taken && other.hex().startsWith(id.hex().substring(0, 2))) {
                return candidate;
            }
        }
    }
}
