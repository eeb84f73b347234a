package io.quarry.kernel.store;

import static io.quarry.kernel.store.KeyValueStoreContractTest.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.store.Cursor;
import io.quarry.api.store.KeyValueStore;
import io.quarry.api.store.StoreException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void sameKeyInTwoColumnFamiliesIsIsolated() {
        try (RocksDatabase database = RocksDatabase.open(dir, false)) {
            KeyValueStore storage = database.columnFamily("storage-miner");
            KeyValueStore poies = database.columnFamily("poies-miner");

            storage.put(b("k"), b("storage"));
            poies.put(b("k"), b("poies"));
            poies.delete(b("only-in-poies"));

            assertThat(storage.get(b("k"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("storage")));
            assertThat(poies.get(b("k"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("poies")));
            assertThat(database.columnFamily(RocksDatabase.KERNEL_COLUMN_FAMILY).get(b("k"))).isEmpty();
        }
    }

    @Test
    void dataAndColumnFamiliesPersistAcrossReopen() {
        try (RocksDatabase database = RocksDatabase.open(dir, false)) {
            database.columnFamily("plugin-a").put(b("k"), b("a"));
            database.columnFamily(RocksDatabase.KERNEL_COLUMN_FAMILY).put(b("k"), b("kernel"));
        }

        try (RocksDatabase database = RocksDatabase.open(dir, true)) {
            assertThat(database.columnFamilies()).containsExactly(RocksDatabase.KERNEL_COLUMN_FAMILY, "plugin-a");
            assertThat(database.columnFamily("plugin-a").get(b("k")))
                    .hasValueSatisfying(v -> assertThat(v).isEqualTo(b("a")));
            assertThat(database.columnFamily(RocksDatabase.KERNEL_COLUMN_FAMILY).get(b("k")))
                    .hasValueSatisfying(v -> assertThat(v).isEqualTo(b("kernel")));
        }
    }

    @Test
    void secondOpenOfADirectoryInUseFailsWithAClearMessage() {
        try (RocksDatabase database = RocksDatabase.open(dir, false)) {
            assertThat(database.directory()).isEqualTo(dir);
            assertThatThrownBy(() -> RocksDatabase.open(dir, false))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("data directory " + dir + " is in use by another Quarry process (lock held");
        }
    }

    @Test
    void columnFamilyIsCreatedOnceUnderConcurrentRequests() {
        try (RocksDatabase database = RocksDatabase.open(dir, false)) {
            Set<KeyValueStore> seen = ConcurrentHashMap.newKeySet();

            IntStream.range(0, 16).parallel().forEach(i -> seen.add(database.columnFamily("shared")));

            assertThat(seen).hasSize(1);
        }
    }

    @Test
    void rejectsColumnFamilyNamesOutsideTheAllowedSet() {
        try (RocksDatabase database = RocksDatabase.open(dir, false)) {
            for (String bad : List.of("", "default", "has space", "../x", "x".repeat(129))) {
                assertThatThrownBy(() -> database.columnFamily(bad)).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void closeIsIdempotentAndLaterUseFailsCleanly() {
        RocksDatabase database = RocksDatabase.open(dir, false);
        KeyValueStore store = database.columnFamily("x");

        database.close();
        database.close();

        assertThatThrownBy(() -> store.get(b("k"))).isInstanceOf(StoreException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> store.put(b("k"), b("v"))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.scan(b("k"))).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> database.columnFamily("y")).isInstanceOf(StoreException.class);
    }

    @Test
    void closingTheDatabaseCutsOpenCursorsShortLoudly() {
        RocksDatabase database = RocksDatabase.open(dir, false);
        KeyValueStore store = database.columnFamily("x");
        store.put(b("a"), b("1"));
        store.put(b("b"), b("2"));
        Cursor cursor = store.scan(new byte[0]);
        cursor.next();

        database.close();

        assertThatThrownBy(cursor::hasNext).isInstanceOf(StoreException.class).hasMessageContaining("closed");
        assertThatCode(cursor::close).doesNotThrowAnyException();
    }
}
