package io.quarry.kernel.store;

import io.quarry.api.store.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;

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
