package io.quarry.poies.policy;

import java.math.BigDecimal;

/**
 * Exact conversion between decimals as people write them ({@code 2.5}, {@code 0.15}) and integer micro
 * units (millionths), the only form consensus code computes with. No rounding happens anywhere: a value with
 * more than six decimal places is refused rather than silently rounded.
 */
final class MicroDecimal {

    /** Integer digits allowed: 10^12 units is 10^18 micro units, inside a long. */
    private static final int MAX_INTEGER_DIGITS = 12;

    private MicroDecimal() {
    }

    /**
     * The exact number of micro units in {@code value}.
     *
     * @throws ArithmeticException when {@code value} has more than six decimal places or does not fit a long
     */
    static long toMicro(BigDecimal value) {
        // Checked on the scale and precision before any arithmetic, so 1e999999999 costs nothing.
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > 6) {
            throw new ArithmeticException("has more than 6 decimal places (the unit is 10^-6)");
        }
        if (stripped.signum() != 0 && stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS) {
            throw new ArithmeticException("is too large");
        }
        return stripped.movePointRight(6).longValueExact();
    }

    /**
     * {@code value} for an error message: plain when short, scientific otherwise, so a hostile {@code 1e999999999}
     * is never expanded to a billion digits.
     */
    static String describe(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return Math.abs(stripped.scale()) <= 24 && stripped.precision() <= 24 ? stripped.toPlainString() : stripped.toString();
    }

    /** {@code micro} as a plain decimal without trailing zeros ({@code 150000 -> "0.15"}). */
    static String format(long micro) {
        return BigDecimal.valueOf(micro, 6).stripTrailingZeros().toPlainString();
    }
}
