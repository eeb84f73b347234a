package io.quarry.poies.chain;

import static io.quarry.poies.chain.TestChain.CHAIN_ID;
import static io.quarry.poies.chain.TestChain.THETA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.store.KeyValueStore;
import io.quarry.poies.model.Block;
import io.quarry.testkit.DiskStore;
import io.quarry.testkit.MemoryKeyValueStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainStoreTest {

    private final Block genesis = TestChain.genesis();

    @Test
    void createsGenesisInAnEmptyStore() {
        ChainStore chain = ChainStore.open(new MemoryKeyValueStore(), CHAIN_ID, genesis, Seal.genesis(0), THETA);
        assertThat(chain.head().height()).isZero();
        assertThat(chain.head().hash()).isEqualTo(genesis.hash());
        assertThat(chain.head().nextThetaMicro()).isEqualTo(THETA);
        assertThat(chain.blockByHeight(0)).contains(genesis);
        assertThat(chain.blockByHash(genesis.hash())).contains(genesis);
        assertThat(chain.isUsed(genesis.hashShare().nullifier())).isTrue();
    }

    @Test
    void appendsBlocksAndFindsThemByHeightAndHash() {
        ChainStore chain = ChainStore.open(new MemoryKeyValueStore(), CHAIN_ID, genesis, Seal.genesis(0), THETA);
        Block one = TestChain.child(genesis, List.of(TestChain.proof(1), TestChain.proof(2)));
        Block two = TestChain.child(one, List.of());
        chain.append(one, TestChain.seal(one), THETA + 1);
        ChainStore.Head head = chain.append(two, TestChain.seal(two), THETA + 2);
        assertThat(head.height()).isEqualTo(2);
        assertThat(head.nextThetaMicro()).isEqualTo(THETA + 2);
        assertThat(chain.blockByHeight(1)).contains(one);
        assertThat(chain.blockByHash(two.hash())).contains(two);
        assertThat(chain.blockByHeight(3)).isEmpty();
        assertThat(chain.nullifierHeight(TestChain.proof(2).nullifier())).contains(1L);
        assertThat(chain.recent(2)).extracting(BlockSummary::height).containsExactly(1L, 2L);
        assertThat(chain.recent(10)).extracting(BlockSummary::hash)
                .containsExactly(genesis.hash(), one.hash(), two.hash());
        assertThat(chain.summary(1).orElseThrow().thetaMicro()).isEqualTo(THETA);
        assertThat(chain.seal(one.hash())).contains(TestChain.seal(one));
        assertThat(chain.seal(one.hash()).orElseThrow().scoreMicro()).isEqualTo(1_500_000 + 2 * 250_000);
    }

    @Test
    void refusesBlocksThatDoNotExtendTheHead() {
        ChainStore chain = ChainStore.open(new MemoryKeyValueStore(), CHAIN_ID, genesis, Seal.genesis(0), THETA);
        Block one = TestChain.child(genesis, List.of());
        chain.append(one, TestChain.seal(one), THETA);
        Block sibling = TestChain.block(1, genesis.hash(), 1_700_000_009L, List.of());
        assertThatThrownBy(() -> chain.append(sibling, TestChain.seal(sibling), THETA))
                .isInstanceOf(ChainException.class)
                .hasMessageContaining("does not extend the head");
        Block orphan = TestChain.block(2, TestChain.filled(9), 1_700_000_010L, List.of());
        assertThatThrownBy(() -> chain.append(orphan, TestChain.seal(orphan), THETA)).isInstanceOf(ChainException.class);
        assertThat(chain.head().hash()).isEqualTo(one.hash());
    }

    @Test
    void refusesANullifierAlreadyOnChain() {
        ChainStore chain = ChainStore.open(new MemoryKeyValueStore(), CHAIN_ID, genesis, Seal.genesis(0), THETA);
        Block one = TestChain.child(genesis, List.of(TestChain.proof(5)));
        chain.append(one, TestChain.seal(one), THETA);
        Block replay = TestChain.child(one, List.of(TestChain.proof(5)));
        assertThatThrownBy(() -> chain.append(replay, TestChain.seal(replay), THETA))
                .isInstanceOf(ChainException.class)
                .hasMessageContaining("already on chain at height 1");
        Block twice = TestChain.child(one, List.of(TestChain.proof(6), TestChain.proof(6)));
        assertThatThrownBy(() -> chain.append(twice, TestChain.seal(twice), THETA))
                .isInstanceOf(ChainException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void refusesAStoreOfAnotherChain() {
        MemoryKeyValueStore store = new MemoryKeyValueStore();
        ChainStore.open(store, CHAIN_ID, genesis, Seal.genesis(0), THETA);
        assertThatThrownBy(() -> ChainStore.open(store, 42, genesis, Seal.genesis(0), THETA)).isInstanceOf(ChainException.class)
                .hasMessageContaining("chain_id 1337").hasMessageContaining("is 42");
    }

    @Test
    void reopensFromRocksDbAfterWrites(@TempDir Path dir) {
        Block one = TestChain.child(genesis, List.of(TestChain.proof(1)));
        try (DiskStore db = DiskStore.open(dir)) {
            ChainStore chain = ChainStore.open(db.store("poies-miner"), CHAIN_ID, genesis, Seal.genesis(0), THETA);
            chain.append(one, TestChain.seal(one), THETA + 7);
        }
        try (DiskStore db = DiskStore.open(dir)) {
            Block otherGenesis = TestChain.block(0, io.quarry.poies.model.Bytes.ZERO32, 1, List.of());
            ChainStore chain = ChainStore.open(db.store("poies-miner"), CHAIN_ID, otherGenesis, Seal.genesis(0), THETA);
            assertThat(chain.head().height()).isEqualTo(1);
            assertThat(chain.head().hash()).isEqualTo(one.hash());
            assertThat(chain.head().nextThetaMicro()).isEqualTo(THETA + 7);
            assertThat(chain.blockByHeight(0)).contains(genesis);
            assertThat(chain.isUsed(TestChain.proof(1).nullifier())).isTrue();
        }
    }

    @Test
    void aCrashAtAnyPointOfAnAppendLeavesTheOldOrTheNewChain() {
        Block one = TestChain.child(genesis, List.of(TestChain.proof(1)));
        Block two = TestChain.child(one, List.of(TestChain.proof(2), TestChain.proof(3)));
        int writes = countWrites(one, two);
        for (int applied = 0; applied <= writes; applied++) {
            MemoryKeyValueStore memory = new MemoryKeyValueStore();
            ChainStore.open(memory, CHAIN_ID, genesis, Seal.genesis(0), THETA).append(one, TestChain.seal(one), THETA);
            TornStore torn = new TornStore(memory, applied);
            ChainStore chain = ChainStore.open(torn, CHAIN_ID, genesis, Seal.genesis(0), THETA);
            boolean completed;
            try {
                chain.append(two, TestChain.seal(two), THETA);
                completed = true;
            } catch (TornStore.Crash e) {
                completed = false;
            }
            // "Restart": reopen the same bytes with a healthy store.
            ChainStore reopened = ChainStore.open(memory, CHAIN_ID, genesis, Seal.genesis(0), THETA);
            if (completed) {
                assertThat(reopened.head().hash()).as("applied %d", applied).isEqualTo(two.hash());
                continue;
            }
            assertThat(reopened.head().hash()).as("applied %d", applied).isEqualTo(one.hash());
            assertThat(reopened.blockByHeight(2)).as("applied %d", applied).isEmpty();
            assertThat(reopened.blockByHash(two.hash())).as("applied %d", applied).isEmpty();
            assertThat(reopened.isUsed(TestChain.proof(2).nullifier())).as("applied %d", applied).isFalse();
            assertThat(reopened.isUsed(two.hashShare().nullifier())).as("applied %d", applied).isFalse();
            // The torn block (or another one) can be appended after the restart.
            Block other = TestChain.block(2, one.hash(), one.template().time() + 9, List.of(TestChain.proof(2)));
            reopened.append(other, TestChain.seal(other), THETA);
            assertThat(ChainStore.open(memory, CHAIN_ID, genesis, Seal.genesis(0), THETA).head().hash()).isEqualTo(other.hash());
            assertThat(reopened.nullifierHeight(TestChain.proof(2).nullifier())).contains(2L);
            assertThat(reopened.isUsed(TestChain.proof(3).nullifier())).isFalse();
        }
    }

    private int countWrites(Block one, Block two) {
        MemoryKeyValueStore memory = new MemoryKeyValueStore();
        ChainStore.open(memory, CHAIN_ID, genesis, Seal.genesis(0), THETA).append(one, TestChain.seal(one), THETA);
        TornStore counting = new TornStore(memory, Integer.MAX_VALUE);
        ChainStore.open(counting, CHAIN_ID, genesis, Seal.genesis(0), THETA).append(two, TestChain.seal(two), THETA);
        return counting.batchWrites();
    }

    /** A store that applies only the first {@code limit} writes of each batch, then "crashes". */
    private static final class TornStore implements KeyValueStore {
        static final class Crash extends RuntimeException {
            private static final long serialVersionUID = 1L;
        }

        private final KeyValueStore inner;
        private final int limit;
        private int batchWrites;

        TornStore(KeyValueStore inner, int limit) {
            this.inner = inner;
            this.limit = limit;
        }

        int batchWrites() {
            return batchWrites;
        }

        @Override
        public java.util.Optional<byte[]> get(byte[] key) {
            return inner.get(key);
        }

        @Override
        public void put(byte[] key, byte[] value) {
            inner.put(key, value);
        }

        @Override
        public void delete(byte[] key) {
            inner.delete(key);
        }

        @Override
        public void batch(java.util.function.Consumer<io.quarry.api.store.WriteBatch> writes) {
            int[] count = {0};
            writes.accept(new io.quarry.api.store.WriteBatch() {
                @Override
                public io.quarry.api.store.WriteBatch put(byte[] key, byte[] value) {
                    step();
                    inner.put(key, value);
                    return this;
                }

                @Override
                public io.quarry.api.store.WriteBatch delete(byte[] key) {
                    step();
                    inner.delete(key);
                    return this;
                }

                private void step() {
                    if (count[0]++ >= limit) {
                        throw new Crash();
                    }
                    batchWrites = count[0];
                }
            });
        }

        @Override
        public io.quarry.api.store.Cursor scan(byte[] prefix) {
            return inner.scan(prefix);
        }
    }
}
