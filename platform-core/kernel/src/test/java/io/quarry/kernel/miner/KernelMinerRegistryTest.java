package io.quarry.kernel.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.miner.MinerRegistry;
import io.quarry.api.miner.UnavailableMiner;
import org.junit.jupiter.api.Test;

class KernelMinerRegistryTest {

    @Test
    void duplicateIdsAreRefusedNamingTheOwner() {
        KernelMinerRegistry registry = new KernelMinerRegistry();
        registry.forOwner("a").register(new UnavailableMiner("m", "k", "r"));
        MinerRegistry b = registry.forOwner("b");
        assertThatThrownBy(() -> b.register(new UnavailableMiner("m", "k", "r")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered by a");
    }

    @Test
    void unregisterAllRemovesOnlyThatOwnersMiners() {
        KernelMinerRegistry registry = new KernelMinerRegistry();
        registry.forOwner("a").register(new UnavailableMiner("a1", "k", "r"));
        registry.forOwner("b").register(new UnavailableMiner("b1", "k", "r"));
        registry.forOwner("a").register(new UnavailableMiner("a2", "k", "r"));
        registry.unregisterAll("a");
        assertThat(registry.all()).extracting(m -> m.id()).containsExactly("b1");
        assertThat(registry.ownedBy("b")).hasSize(1);
    }
}
