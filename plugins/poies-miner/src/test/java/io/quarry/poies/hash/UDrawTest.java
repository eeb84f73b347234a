package io.quarry.poies.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.ShareDigest;
import io.quarry.poies.model.TestTemplates;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UDrawTest {

    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

    @Test
    void edgeCases() {
        // 256 ln 2 = 177.44567822334...
        assertThat(UDraw.MAX_H_MICRO).isEqualTo(177_445_678L);
        assertThat(UDraw.hMicro(BigInteger.ONE)).isEqualTo(177_445_678L);
        assertThat(UDraw.hMicro(BigInteger.ZERO)).as("u = 0 counts as u = 1").isEqualTo(177_445_678L);
        // 255 ln 2 = 176.75253104278...
        assertThat(UDraw.hMicro(BigInteger.TWO)).isEqualTo(176_752_531L);
        // ln 3 = 1.0986122886681..., so -ln(3 / 2^256) = 256 ln 2 - ln 3 = 176.34706593467...
        assertThat(UDraw.hMicro(BigInteger.valueOf(3))).isEqualTo(176_347_065L);
        assertThat(UDraw.hMicro(TWO_256.subtract(BigInteger.ONE))).isZero();
        // u = 2^255: exactly ln 2 = 0.693147180559945...
        assertThat(UDraw.hMicro(BigInteger.ONE.shiftLeft(255))).isEqualTo(693_147L);
        // u = 2^255 - 1 is a hair above ln 2; u = 2^255 + 1 a hair below
        assertThat(UDraw.hMicro(BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE))).isEqualTo(693_147L);
        assertThat(UDraw.hMicro(BigInteger.ONE.shiftLeft(255).add(BigInteger.ONE))).isEqualTo(693_147L);
        // e^-1 * 2^256 rounded: H just around 1 nat
        BigInteger nearOneNat = new java.math.BigDecimal(Math.exp(-1)).multiply(new java.math.BigDecimal(TWO_256))
                .toBigInteger();
        assertThat(UDraw.hMicro(nearOneNat)).isBetween(999_999L, 1_000_000L);
    }

    @Test
    void powersOfTwoGiveMultiplesOfLn2() {
        double ln2 = Math.log(2);
        for (int k = 0; k <= 256; k++) {
            BigInteger u = BigInteger.ONE.shiftLeft(256 - k).min(TWO_256.subtract(BigInteger.ONE));
            long expected = k == 0 ? 0 : (long) Math.floor(k * ln2 * 1e6);
            // floor of k ln 2 * 10^6 is never within double error of an integer for these k (checked below)
            if (k > 0) {
                assertThat(Math.abs(k * ln2 * 1e6 - Math.rint(k * ln2 * 1e6))).isGreaterThan(1e-6);
            }
            assertThat(UDraw.hMicro(u)).as("k=%d", k).isEqualTo(expected);
        }
    }

    @Test
    void agreesWithDoubleLogarithmsOnRandomDraws() {
        Random random = new Random(11);
        for (int i = 0; i < 2000; i++) {
            int bits = 1 + random.nextInt(256);
            BigInteger u = new BigInteger(bits, random);
            double approx = (256 - u.bitLength()) * Math.log(2)
                    - Math.log(u.signum() == 0 ? 1 : new java.math.BigDecimal(u).divide(new java.math.BigDecimal(
                            BigInteger.ONE.shiftLeft(Math.max(u.bitLength(), 1)))).doubleValue());
            assertThat((double) UDraw.hMicro(u)).as("u=%s", u).isCloseTo(approx * 1e6, org.assertj.core.api.Assertions
                    .within(1.0 + approx * 1e-9));
        }
    }

    @Test
    void isMonotoneInU() {
        Random random = new Random(5);
        for (int i = 0; i < 500; i++) {
            BigInteger a = new BigInteger(256, random);
            BigInteger b = a.add(BigInteger.valueOf(random.nextInt(1 << 20))).min(TWO_256.subtract(BigInteger.ONE));
            assertThat(UDraw.hMicro(b)).isLessThanOrEqualTo(UDraw.hMicro(a));
        }
    }

    @Test
    void refusesOutOfDomainU() {
        assertThatThrownBy(() -> UDraw.hMicro(TWO_256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UDraw.hMicro(BigInteger.ONE.negate())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UDraw.hMicro(Bytes.of(new byte[31]))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dRatioIsPpmOfTheta() {
        assertThat(UDraw.dRatioPpm(1_130_000, 1_130_000)).isEqualTo(1_000_000);
        assertThat(UDraw.dRatioPpm(804_949, 1_130_000)).isEqualTo(712_344); // floor(712344.24)
        assertThat(UDraw.dRatioPpm(0, 1)).isZero();
        assertThat(UDraw.dRatioPpm(UDraw.MAX_H_MICRO, 1)).isEqualTo(UDraw.MAX_H_MICRO * 1_000_000);
        assertThatThrownBy(() -> UDraw.dRatioPpm(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prefilterNeverDropsAShareThatMeetsTheTarget() {
        Random random = new Random(17);
        for (int i = 0; i < 400; i++) {
            long target = random.nextInt(60_000_000);
            long limit = UDraw.prefilterLimit(target);
            // the largest u meeting the target sits right at 2^256 e^-t: probe around it
            BigInteger edge = new java.math.BigDecimal(Math.exp(-target / 1e6))
                    .multiply(new java.math.BigDecimal(TWO_256)).toBigInteger();
            for (long delta = -3; delta <= 3; delta++) {
                BigInteger u = edge.add(BigInteger.valueOf(delta).shiftLeft(150)).max(BigInteger.ZERO)
                        .min(TWO_256.subtract(BigInteger.ONE));
                if (UDraw.hMicro(u) >= target) {
                    assertThat(Long.compareUnsigned(u.shiftRight(192).longValue(), limit)).isLessThanOrEqualTo(0);
                }
            }
        }
        assertThat(UDraw.prefilterLimit(0)).isEqualTo(-1L);
        assertThat(UDraw.prefilterLimit(UDraw.MAX_H_MICRO)).isEqualTo(1L);
    }

    @Test
    void shareIsWhatTheReferenceDigestGives() {
        HeaderTemplate template = TestTemplates.template();
        HashShare share = UDraw.share(template, 12345);
        Bytes digest = ShareDigest.compute(template, 12345);
        assertThat(share.keccak()).isEqualTo(digest);
        long h = UDraw.hMicro(ShareDigest.u(digest));
        assertThat(share.dRatioPpm()).isEqualTo(h * 1_000_000 / template.thetaMicro());
        assertThat(share.nullifier()).isEqualTo(HashShare.nullifierFor(digest));
    }

    @Test
    void microTargetFollowsTheExponentialLaw() {
        // 1,000,000 H/s and 1 share/s: t = ln(10^6) = 13.815510...
        assertThat(MicroTarget.forRate(1e6, 1, 0, 100_000_000)).isEqualTo(13_815_511L);
        assertThat(MicroTarget.forRate(1e6, 1, 0, 10_000_000)).as("capped at Theta").isEqualTo(10_000_000L);
        assertThat(MicroTarget.forRate(10, 100, 2_000_000, 10_000_000)).as("floor").isEqualTo(2_000_000L);
        assertThat(MicroTarget.sharesPerSecond(1e6, 13_815_511)).isCloseTo(1.0, org.assertj.core.api.Assertions
                .within(1e-5));
        assertThat(MicroTarget.fromDRatioPpm(712_343, 1_130_000)).isEqualTo(804_948L);
        assertThat(UDraw.dRatioPpm(MicroTarget.fromDRatioPpm(712_343, 1_130_000), 1_130_000)).isEqualTo(712_343);
        assertThat(UDraw.dRatioPpm(MicroTarget.fromDRatioPpm(712_343, 1_130_000) - 1, 1_130_000))
                .isLessThan(712_343);
        assertThatThrownBy(() -> MicroTarget.forRate(1, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
