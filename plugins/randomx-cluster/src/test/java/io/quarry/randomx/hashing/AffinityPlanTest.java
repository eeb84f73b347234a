package io.quarry.randomx.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AffinityPlanTest {

    @Test
    void parsesOffAutoAndLists() {
        assertThat(AffinityPlan.parse("")).isEqualTo(AffinityPlan.OFF);
        assertThat(AffinityPlan.parse("off").cpuFor(0)).isEmpty();
        assertThat(AffinityPlan.parse("auto")).isEqualTo(AffinityPlan.AUTO);
        AffinityPlan list = AffinityPlan.parse("2, 5");
        assertThat(list.cpuFor(0)).isEqualTo(OptionalInt.of(2));
        assertThat(list.cpuFor(1)).isEqualTo(OptionalInt.of(5));
        assertThat(list.cpuFor(2)).as("cycles").isEqualTo(OptionalInt.of(2));
        assertThat(AffinityPlan.AUTO.cpuFor(Runtime.getRuntime().availableProcessors())).isEqualTo(OptionalInt.of(0));
    }

    @Test
    void rejectsWhatIsNotACpuList() {
        assertThatThrownBy(() -> AffinityPlan.parse("first")).hasMessageContaining("affinity");
        assertThatThrownBy(() -> AffinityPlan.parse("-1")).hasMessageContaining("affinity");
    }
}
