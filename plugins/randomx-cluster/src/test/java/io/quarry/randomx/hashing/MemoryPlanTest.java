package io.quarry.randomx.hashing;

import static io.quarry.randomx.hashing.MemoryPlan.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemoryPlanTest {

    static final long PLENTY = 16L * 1024 * MIB;

    @Test
    void autoChoosesLightUnderTheSeedsTwoGigabyteExample() {
        assertThat(MemoryPlan.resolve(RandomXMode.AUTO, 2000, 16, PLENTY)).isEqualTo(RandomXMode.LIGHT);
    }

    @Test
    void autoChoosesFastWhenTheDatasetFits() {
        assertThat(MemoryPlan.resolve(RandomXMode.AUTO, 0, 4, PLENTY)).isEqualTo(RandomXMode.FAST);
        assertThat(MemoryPlan.resolve(RandomXMode.AUTO, 4096, 4, 1024 * MIB)).as("ram_mb overrides what is free")
                .isEqualTo(RandomXMode.FAST);
        assertThat(MemoryPlan.resolve(RandomXMode.AUTO, 0, 4, 2048 * MIB)).isEqualTo(RandomXMode.LIGHT);
    }

    @Test
    void explicitModesWin() {
        assertThat(MemoryPlan.resolve(RandomXMode.LIGHT, 0, 4, PLENTY)).isEqualTo(RandomXMode.LIGHT);
        assertThat(MemoryPlan.resolve(RandomXMode.FAST, 0, 4, 1024 * MIB)).isEqualTo(RandomXMode.FAST);
        assertThatThrownBy(() -> MemoryPlan.resolve(RandomXMode.FAST, 2000, 4, PLENTY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ram_mb = 2000");
    }

    @Test
    void countsDatasetTwoCachesAndScratchpads() {
        assertThat(MemoryPlan.requiredBytes(RandomXMode.FAST, 4))
                .isEqualTo(MemoryPlan.DATASET_BYTES + 2 * MemoryPlan.CACHE_BYTES + 4 * MemoryPlan.SCRATCHPAD_BYTES);
        assertThat(MemoryPlan.requiredBytes(RandomXMode.LIGHT, 1)).isEqualTo(2 * MemoryPlan.CACHE_BYTES + 2 * MIB);
    }
}
