package io.quarry.poies.proof.vdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrimeTestTest {

    @Test
    void agreesWithTheJdkOnEveryNumberBelowTwentyThousand() {
        for (int n = 0; n < 20_000; n++) {
            BigInteger value = BigInteger.valueOf(n);
            assertThat(PrimeTest.isPrime(value)).as("%d", n).isEqualTo(value.isProbablePrime(100));
        }
    }

    @Test
    void refusesPseudoprimesThatFoolOneHalfOfTheTest() {
        // Strong pseudoprimes to base 2 (caught by the Lucas half) and strong Lucas pseudoprimes (caught by the
        // base-2 half), and Carmichael numbers.
        long[] pseudoprimes = {2047, 3277, 4033, 4681, 8321, 15841, 29341, 42799, 49141, 52633, 65281, 74665,
            5459, 5777, 10877, 16109, 18971, 22499, 24569, 25199, 40309, 58519, 75077, 97439, 561, 1105, 1729,
            3215031751L, 2152302898747L};
        for (long n : pseudoprimes) {
            assertThat(PrimeTest.isPrime(BigInteger.valueOf(n))).as("%d", n).isFalse();
        }
    }

    @Test
    void agreesWithTheJdkOnRandom256BitCandidates() {
        Random random = new Random(7);
        int primes = 0;
        for (int i = 0; i < 3000; i++) {
            BigInteger n = new BigInteger(256, random).setBit(255).setBit(0);
            boolean prime = PrimeTest.isPrime(n);
            assertThat(prime).as("%s", n).isEqualTo(n.isProbablePrime(100));
            primes += prime ? 1 : 0;
        }
        assertThat(primes).isBetween(10, 70);
    }

    @Test
    void knowsLargeMersennePrimesAndTheirNeighbours() {
        BigInteger m127 = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
        BigInteger m521 = BigInteger.ONE.shiftLeft(521).subtract(BigInteger.ONE);
        assertThat(PrimeTest.isPrime(m127)).isTrue();
        assertThat(PrimeTest.isPrime(m521)).isTrue();
        assertThat(PrimeTest.isPrime(m127.add(BigInteger.TWO))).isFalse();
        assertThat(PrimeTest.isPrime(m127.multiply(m521))).isFalse();
        assertThat(PrimeTest.isPrime(m127.multiply(m127))).isFalse();
    }

    @Test
    void rsa2048IsTheChallengeNumber() {
        assertThat(RsaGroup.MODULUS.bitLength()).isEqualTo(2048);
        String digits = RsaGroup.MODULUS.toString();
        assertThat(digits).hasSize(617).startsWith("2519590847565789349402718324004839857142928212620403202777713783");
        assertThat(digits.chars().map(c -> c - '0').sum()).isEqualTo(2738);
        assertThat(PrimeTest.isPrime(RsaGroup.MODULUS)).isFalse();
    }
}
