package io.quarry.testkit;

import io.quarry.api.store.KeyValueStore;
import io.quarry.kernel.store.KeyValueStoreContractTest;
import org.junit.jupiter.api.BeforeEach;

/** The testkit's in-memory store keeps the same contract as the kernel's RocksDB store. */
class MemoryKeyValueStoreTest extends KeyValueStoreContractTest {

    private KeyValueStore store;

    @BeforeEach
    void openStore() {
        store = new MemoryKeyValueStore();
    }

    @Override
    protected KeyValueStore store() {
        return store;
    }
}
