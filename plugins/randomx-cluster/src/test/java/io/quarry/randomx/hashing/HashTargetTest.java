package io.quarry.randomx.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HashTargetTest {

    /** A hash whose bytes 24..31 are 01 00 00 00 00 00 00 80: the LE value 0x8000000000000001. */
    static byte[] hashWithTopBitValue() {
        byte[] hash = new byte[32];
        hash[0] = (byte) 0xFF; // leading bytes do not count
        hash[24] = 0x01;
        hash[31] = (byte) 0x80;
        return hash;
    }

    @Test
    void readsTheLastEightBytesLittleEndian() {
        assertThat(HashTarget.value(hashWithTopBitValue())).isEqualTo(0x8000000000000001L);
    }

    @Test
    void comparesUnsignedAndStrictlyBelow() {
        byte[] hash = hashWithTopBitValue();
        assertThat(HashTarget.meets(hash, 0x8000000000000002L)).isTrue();
        assertThat(HashTarget.meets(hash, 0x8000000000000001L)).isFalse();
        assertThat(HashTarget.meets(hash, 0x7FFFFFFFFFFFFFFFL)).as("a signed compare would say yes").isFalse();
        assertThat(HashTarget.meets(hash, -1L)).isTrue();
        assertThat(HashTarget.meets(new byte[32], 0)).isFalse();
    }

    @Test
    void mapsDifficultyToTargetAndBack() {
        assertThat(HashTarget.fromDifficulty(1)).isEqualTo(-1L);
        assertThat(HashTarget.fromDifficulty(2)).isEqualTo(0x7FFFFFFFFFFFFFFFL);
        assertThat(HashTarget.fromDifficulty(100_000)).isEqualTo(184_467_440_737_095L);
        assertThat(HashTarget.toDifficulty(HashTarget.fromDifficulty(100_000))).isEqualTo(100_000);
        assertThatThrownBy(() -> HashTarget.fromDifficulty(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HashTarget.value(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }
}
