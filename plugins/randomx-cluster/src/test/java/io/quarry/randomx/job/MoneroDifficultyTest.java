package io.quarry.randomx.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MoneroDifficultyTest {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{0} -> difficulty {1}")
    @CsvSource({
        // 4-byte compact targets: little-endian uint32 t, difficulty 0xFFFFFFFF / t (XMRig Job::setTarget)
        "ffffffff, 1",
        "ffffff7f, 2",
        "b88d0600, 10000",
        "f3220000, 480045",
        "01000000, 4294967295",
        // 8-byte targets: the little-endian 64-bit target, difficulty (2^64 - 1) / target
        "ffffffffffffffff, 1",
        "ffffffffffffff7f, 2",
        "e803000000000000, 18446744073709551",
        "0000000001000000, 4294967295"})
    void mapsPoolTargetsToDifficultyAsXmrigDoes(String hex, String difficulty) {
        long target = MoneroDifficulty.targetFromHex(hex);
        assertThat(Long.toUnsignedString(MoneroDifficulty.difficultyOf(target))).isEqualTo(difficulty);
    }

    @ParameterizedTest(name = "difficulty {0} -> {1}")
    @CsvSource({
        "1, ffffffff",
        "2, ffffff7f",
        "10000, b88d0600",
        "4294967295, 01000000",
        "3, 55555555",
        // 65536 does not survive the compact form exactly (it would read back as 65537), so 8 bytes are sent
        "65536, ffffffffffff0000",
        "4294967296, ffffffff00000000",
        "1000000000000, 9879190100000000"})
    void writesTheTargetThatMapsBackToTheDifficulty(long difficulty, String hex) {
        assertThat(MoneroDifficulty.targetHex(difficulty)).isEqualTo(hex);
        assertThat(MoneroDifficulty.targetFromHex(hex)).isEqualTo(MoneroDifficulty.targetOf(difficulty));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 7, 100, 1000, 10_000, 65_536, 65_537, 480_045, 1_000_000, 123_456_789, 4_294_967_295L})
    void difficultyRoundTripsThroughItsTarget(long difficulty) {
        assertThat(MoneroDifficulty.difficultyOf(MoneroDifficulty.targetOf(difficulty))).isEqualTo(difficulty);
        assertThat(MoneroDifficulty.difficultyOf(MoneroDifficulty.targetFromHex(MoneroDifficulty.targetHex(difficulty))))
                .isEqualTo(difficulty);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00000000", "0000000000000000", "ffffff", "ffffffffff", "zzzzzzzz", "fffffffff"})
    void refusesTargetsOfOtherLengthsZeroOrNotHex(String hex) {
        assertThatThrownBy(() -> MoneroDifficulty.targetFromHex(hex)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashMeetsTargetWhenItsLastEightBytesAreStrictlyBelow() {
        long target = 0x0000_1000_0000_0000L;
        assertThat(MoneroDifficulty.meetsTarget(hashWithTop(target - 1), target)).isTrue();
        assertThat(MoneroDifficulty.meetsTarget(hashWithTop(target), target)).isFalse();
        assertThat(MoneroDifficulty.meetsTarget(hashWithTop(target + 1), target)).isFalse();
        // The leading 24 bytes do not matter for a 64-bit target.
        byte[] noisy = hashWithTop(target - 1);
        java.util.Arrays.fill(noisy, 0, 24, (byte) 0xFF);
        assertThat(MoneroDifficulty.meetsTarget(noisy, target)).isTrue();
    }

    @Test
    void comparesTargetsAsUnsigned() {
        // Signed comparison would call 0x8000... smaller than 0x7FFF...
        assertThat(MoneroDifficulty.meetsTarget(hashWithTop(0x8000_0000_0000_0000L), 0x7FFF_FFFF_FFFF_FFFFL)).isFalse();
        assertThat(MoneroDifficulty.meetsTarget(hashWithTop(0x7FFF_FFFF_FFFF_FFFFL), 0x8000_0000_0000_0000L)).isTrue();
        assertThat(MoneroDifficulty.meetsTarget(hashWithTop(-2L), MoneroDifficulty.MAX_TARGET)).isTrue();
        assertThat(MoneroDifficulty.meetsTarget(hashWithTop(-1L), MoneroDifficulty.MAX_TARGET)).isFalse();
    }

    @Test
    void measuresTheDifficultyAHashReaches() {
        assertThat(MoneroDifficulty.hashDifficulty(hashWithTop(0))).isEqualTo(MoneroDifficulty.MAX_TARGET);
        assertThat(MoneroDifficulty.hashDifficulty(hashWithTop(MoneroDifficulty.targetOf(5000)))).isEqualTo(5000);
    }

    @Test
    void fullDifficultyCheckIsHashTimesDifficultyBelowTwoToThe256() {
        byte[] zero = new byte[32];
        byte[] max = filled(0xFF);
        assertThat(MoneroDifficulty.meetsDifficulty(zero, BigInteger.valueOf(Long.MAX_VALUE).pow(4))).isTrue();
        assertThat(MoneroDifficulty.meetsDifficulty(max, BigInteger.ONE)).isTrue();
        assertThat(MoneroDifficulty.meetsDifficulty(max, BigInteger.TWO)).isFalse();
        // 2^255 * 2 == 2^256 overflows; (2^255 - 1) * 2 does not.
        assertThat(MoneroDifficulty.meetsDifficulty(littleEndian(BigInteger.ONE.shiftLeft(255)), BigInteger.TWO)).isFalse();
        assertThat(MoneroDifficulty.meetsDifficulty(littleEndian(BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE)),
                BigInteger.TWO)).isTrue();
        assertThat(MoneroDifficulty.meetsDifficulty(zero, BigInteger.ZERO)).isFalse();
    }

    @Test
    void fullCheckSeesBitsTheSixtyFourBitCheckCannot() {
        BigInteger difficulty = BigInteger.valueOf(1000);
        BigInteger limit = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE).divide(difficulty);
        // The largest passing hash and the next one share their top 64 bits but not the outcome.
        byte[] largestPassing = littleEndian(limit);
        byte[] firstFailing = littleEndian(limit.add(BigInteger.ONE));
        assertThat(MoneroDifficulty.meetsDifficulty(largestPassing, difficulty)).isTrue();
        assertThat(MoneroDifficulty.meetsDifficulty(firstFailing, difficulty)).isFalse();
        assertThat(HEX.formatHex(largestPassing, 24, 32)).isEqualTo(HEX.formatHex(firstFailing, 24, 32));
    }

    @Test
    void fullCheckHandlesDifficultiesBeyondSixtyFourBits() {
        BigInteger difficulty = BigInteger.ONE.shiftLeft(70);
        assertThat(MoneroDifficulty.meetsDifficulty(littleEndian(BigInteger.ONE.shiftLeft(185)), difficulty)).isTrue();
        assertThat(MoneroDifficulty.meetsDifficulty(littleEndian(BigInteger.ONE.shiftLeft(186)), difficulty)).isFalse();
    }

    static byte[] hashWithTop(long lastEightLittleEndian) {
        byte[] hash = new byte[32];
        for (int i = 0; i < 8; i++) {
            hash[24 + i] = (byte) (lastEightLittleEndian >>> (8 * i));
        }
        return hash;
    }

    private static byte[] filled(int value) {
        byte[] out = new byte[32];
        java.util.Arrays.fill(out, (byte) value);
        return out;
    }

    private static byte[] littleEndian(BigInteger value) {
        byte[] big = value.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < big.length && i < 32; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }
}
