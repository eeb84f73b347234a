package io.quarry.kernel.store;

import io.quarry.api.store.KeyValueStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class RocksKeyValueStoreTest extends KeyValueStoreContractTest {

    @TempDir
    Path dir;
    private RocksDatabase database;
    private KeyValueStore store;

    @BeforeEach
    void openStore() {
        database = RocksDatabase.open(dir.resolve("db"), false);
        store = database.columnFamily("contract");
    }

    @AfterEach
    void closeStore() {
        database.close();
    }

    @Override
    protected KeyValueStore store() {
        return store;
    }
}
