package io.quarry.subnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cafe.cryptography.curve25519.Constants;
import cafe.cryptography.curve25519.EdwardsPoint;
import cafe.cryptography.curve25519.Scalar;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FixedBaseTableTest {

    private static Scalar random(Random random) {
        byte[] wide = new byte[64];
        random.nextBytes(wide);
        return Scalar.fromBytesModOrderWide(wide);
    }

    @Test
    void everyWindowGivesTheSameSumAsPlainMultiplication() {
        Random random = new Random(3);
        EdwardsPoint p = Constants.ED25519_BASEPOINT.multiply(random(random));
        Scalar minusOne = Scalar.ZERO.subtract(Scalar.ONE);
        for (int window = 2; window <= 8; window++) {
            FixedBaseTable base = FixedBaseTable.of(Constants.ED25519_BASEPOINT, window);
            FixedBaseTable other = FixedBaseTable.of(p, window);
            for (Scalar a : new Scalar[] {random(random), minusOne, Scalar.ZERO, Scalar.ONE}) {
                Scalar b = random(random);
                EdwardsPoint expected = Constants.ED25519_BASEPOINT.multiply(a).add(p.multiply(b));
                assertThat(FixedBaseTable.sum(base, a, other, b).compress())
                        .as("window %d", window).isEqualTo(expected.compress());
            }
        }
    }

    @Test
    void signedDigitsRebuildTheScalarAndStayInRange() {
        Random random = new Random(4);
        for (int window = 2; window <= 8; window++) {
            Scalar s = random(random);
            int[] digits = FixedBaseTable.signedDigits(s, window);
            java.math.BigInteger value = java.math.BigInteger.ZERO;
            for (int i = digits.length - 1; i >= 0; i--) {
                assertThat(Math.abs(digits[i])).isLessThanOrEqualTo(1 << (window - 1));
                value = value.shiftLeft(window).add(java.math.BigInteger.valueOf(digits[i]));
            }
            byte[] le = s.toByteArray();
            byte[] be = new byte[32];
            for (int i = 0; i < 32; i++) {
                be[i] = le[31 - i];
            }
            assertThat(value).isEqualTo(new java.math.BigInteger(1, be));
        }
    }

    @Test
    void windowOutsideTwoToEightIsRefused() {
        assertThatThrownBy(() -> FixedBaseTable.of(Constants.ED25519_BASEPOINT, 9))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
