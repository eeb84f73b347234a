package com.example.hello;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.miner.MinerState;
import io.quarry.api.miner.MinerStats;
import io.quarry.testing.MutableClock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The toy miner on ticks the test drives, checked against SHA-256 computed here. */
class HelloMinerTest {

    private final ManualTicks ticks = new ManualTicks();
    private final MutableClock clock = new MutableClock(1_800_000_000_000L);

    @AfterEach
    void close() {
        ticks.close();
    }

    @Test
    void countsAShareForEveryHashWithEnoughLeadingZeroBits() throws Exception {
        HelloMiner miner = new HelloMiner("hello-miner/local", new HelloConfig("hi", 8, 10_000, ""), ticks, clock);
        miner.start();
        for (int i = 0; i < 3; i++) {
            ticks.tick();
        }
        MinerStats stats = miner.stats();
        assertThat(stats.extra()).containsEntry("nonce", 3000L);
        long expected = sharesAmongFirst(3000, "hi", 8);
        assertThat(expected).as("about one hash in 256 has 8 zero bits").isBetween(3L, 30L);
        assertThat(stats.sharesAccepted()).isEqualTo(expected);
        assertThat((int) stats.extra().get("bestZeroBits")).isGreaterThanOrEqualTo(8);
    }

    @Test
    void reportsItsHashrateAndUptimeFromItsClock() {
        HelloMiner miner = new HelloMiner("hello-miner/local", new HelloConfig("hi", 32, 1000, ""), ticks, clock);
        miner.start();
        for (int second = 0; second < 5; second++) {
            for (int i = 0; i < HelloMiner.TICKS_PER_SECOND; i++) {
                ticks.tick();
            }
            clock.advance(Duration.ofSeconds(1));
        }
        MinerStats stats = miner.stats();
        assertThat(stats.uptime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(stats.hashrate().tenSeconds()).isEqualTo(5000.0 / 6);
    }

    @Test
    void stopHaltsTheWorkAndBothAreHarmlessTwice() {
        HelloMiner miner = new HelloMiner("hello-miner/local", new HelloConfig("hi", 0, 100, ""), ticks, clock);
        assertThat(miner.state()).isEqualTo(MinerState.STOPPED);
        miner.start();
        miner.start();
        ticks.tick();
        assertThat(miner.state()).isEqualTo(MinerState.RUNNING);
        assertThat(miner.stats().sharesAccepted()).as("0 bits: every hash is a share").isEqualTo(10);
        miner.stop();
        miner.stop();
        ticks.tick();
        assertThat(miner.state()).isEqualTo(MinerState.STOPPED);
        assertThat(miner.stats().extra()).containsEntry("nonce", 10L);
        assertThat(miner.stats().uptime()).isZero();
        assertThat(miner.recentLogs(10)).last().asString().contains("stopped at nonce 10 with 10 shares");
    }

    @Test
    void leadingZeroBitsReadsTheHashAsABigEndianNumber() {
        assertThat(HelloMiner.leadingZeroBits(new byte[] {(byte) 0x80, 0})).isZero();
        assertThat(HelloMiner.leadingZeroBits(new byte[] {0, 0x0F, (byte) 0xFF})).isEqualTo(12);
        assertThat(HelloMiner.leadingZeroBits(new byte[] {0, 0, 1})).isEqualTo(23);
        assertThat(HelloMiner.leadingZeroBits(new byte[32])).isEqualTo(256);
    }

    /** Shares among nonces 0..n-1, computed with the JDK's SHA-256 directly. */
    private static long sharesAmongFirst(int n, String greeting, int bits) throws Exception {
        long shares = 0;
        for (long nonce = 0; nonce < n; nonce++) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(greeting.getBytes(StandardCharsets.UTF_8));
            byte[] hash = sha.digest(ByteBuffer.allocate(8).putLong(nonce).array());
            if (new java.math.BigInteger(1, hash).bitLength() <= 256 - bits) {
                shares++;
            }
        }
        return shares;
    }
}
