package io.quarry.subnet.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cafe.cryptography.curve25519.Constants;
import cafe.cryptography.curve25519.RistrettoElement;
import cafe.cryptography.curve25519.Scalar;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FixedBaseTableTest {

    @Test
    void everyWindowGivesTheSameSumAsElisabethsMultiplication() {
        Random random = new Random(3);
        RistrettoElement p = Reference.element(random);
        RistrettoElement q = Reference.element(random);
        Scalar minusOne = Scalar.ZERO.subtract(Scalar.ONE);
        long[] w = new long[Edwards25519.WORKSPACE];
        for (int window = 2; window <= 8; window++) {
            FixedBaseTable first = FixedBaseTable.of(Reference.point(p), window);
            FixedBaseTable second = FixedBaseTable.of(Reference.point(q), window);
            for (Scalar a : new Scalar[] {Reference.scalar(random), minusOne, Scalar.ZERO, Scalar.ONE}) {
                Scalar b = Reference.scalar(random);
                long[] acc = Edwards25519.identity();
                first.accumulate(acc, a.toByteArray(), w);
                second.accumulate(acc, b.toByteArray(), w);
                assertThat(Reference.encode(acc)).as("window %d", window)
                        .isEqualTo(p.multiply(a).add(q.multiply(b)).compress().toByteArray());
            }
        }
    }

    @Test
    void signedDigitsRebuildTheScalarAndStayInRange() {
        Random random = new Random(4);
        for (int window = 2; window <= 8; window++) {
            byte[] le = Reference.scalar(random).toByteArray();
            int[] digits = FixedBaseTable.signedDigits(le, window);
            java.math.BigInteger value = java.math.BigInteger.ZERO;
            for (int i = digits.length - 1; i >= 0; i--) {
                assertThat(Math.abs(digits[i])).isLessThanOrEqualTo(1 << (window - 1));
                value = value.shiftLeft(window).add(java.math.BigInteger.valueOf(digits[i]));
            }
            byte[] be = new byte[32];
            for (int i = 0; i < 32; i++) {
                be[i] = le[31 - i];
            }
            assertThat(value).isEqualTo(new java.math.BigInteger(1, be));
        }
    }

    @Test
    void windowOutsideTwoToEightIsRefused() {
        assertThatThrownBy(() -> FixedBaseTable.of(Reference.point(Constants.RISTRETTO_GENERATOR), 9))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
