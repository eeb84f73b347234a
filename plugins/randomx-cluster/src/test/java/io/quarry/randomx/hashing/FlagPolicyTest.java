package io.quarry.randomx.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.natives.RandomXFlags;
import org.junit.jupiter.api.Test;

class FlagPolicyTest {

    static final int RECOMMENDED = RandomXFlags.JIT | RandomXFlags.HARD_AES | RandomXFlags.ARGON2_AVX2;

    @Test
    void autoKeepsWhatTheLibraryRecommendsAndAddsModeAndPages() {
        assertThat(FlagPolicy.AUTO.resolve(RECOMMENDED, true, true))
                .isEqualTo(RECOMMENDED | RandomXFlags.FULL_MEM | RandomXFlags.LARGE_PAGES);
        assertThat(FlagPolicy.AUTO.resolve(RECOMMENDED | RandomXFlags.FULL_MEM, false, false)).isEqualTo(RECOMMENDED);
    }

    @Test
    void overridesForceBitsOnAndOff() {
        FlagPolicy noAes = new FlagPolicy(FlagSetting.AUTO, FlagSetting.OFF, FlagSetting.ON);
        assertThat(noAes.resolve(RECOMMENDED, false, false))
                .isEqualTo(RandomXFlags.JIT | RandomXFlags.SECURE | RandomXFlags.ARGON2_AVX2);
        FlagPolicy interpreter = new FlagPolicy(FlagSetting.OFF, FlagSetting.AUTO, FlagSetting.ON);
        assertThat(interpreter.resolve(RECOMMENDED, false, false)).as("SECURE means nothing without JIT")
                .isEqualTo(RandomXFlags.HARD_AES | RandomXFlags.ARGON2_AVX2);
        assertThat(new FlagPolicy(FlagSetting.ON, FlagSetting.ON, FlagSetting.OFF).resolve(0, false, false))
                .isEqualTo(RandomXFlags.JIT | RandomXFlags.HARD_AES);
    }

    @Test
    void parsesSettingsAndPolicies() {
        assertThat(FlagSetting.parse("On")).isEqualTo(FlagSetting.ON);
        assertThat(FlagSetting.parse("false")).isEqualTo(FlagSetting.OFF);
        assertThat(HugePagesPolicy.parse("use")).isEqualTo(HugePagesPolicy.USE);
        assertThat(RandomXMode.parse(" FAST ")).isEqualTo(RandomXMode.FAST);
        assertThatThrownBy(() -> FlagSetting.parse("maybe")).hasMessageContaining("auto, on or off");
        assertThatThrownBy(() -> HugePagesPolicy.parse("always")).hasMessageContaining("huge_pages");
        assertThatThrownBy(() -> RandomXMode.parse("turbo")).hasMessageContaining("auto, fast or light");
    }
}
