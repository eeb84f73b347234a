package io.quarry.randomx.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.randomx.job.JobFixtures;
import io.quarry.randomx.job.MoneroJob;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class NonceRangeTest {

    @Test
    void aJobSplitForAWorkerLeavesTheLow24BitsUnderItsByte() {
        MoneroJob whole = JobFixtures.job("j", 1000, 0);
        assertThat(NonceRange.of(whole)).isEqualTo(NonceRange.FULL);
        assertThat(NonceRange.of(whole.withNoncePrefix(0))).isEqualTo(new NonceRange(0, 1L << 24));
        assertThat(NonceRange.of(whole.withNoncePrefix(7))).isEqualTo(new NonceRange(7L << 24, 8L << 24));
        assertThat(NonceRange.of(whole.withNoncePrefix(255))).isEqualTo(new NonceRange(255L << 24, 1L << 32));
    }

    @Test
    void aPoolJobWithItsTopByteSetIsMinedUnderThatByte() {
        MoneroJob pool = JobFixtures.job("j", 1000, 0);
        MoneroJob fixedByPool = new MoneroJob("j", pool.blobWithNonce(0x2A000000), pool.target(), pool.seedHash(),
                0, MoneroJob.ALGO_RX0, -1, false);
        assertThat(NonceRange.of(fixedByPool)).isEqualTo(new NonceRange(0x2AL << 24, 0x2BL << 24));
    }

    @Test
    void refusesEmptyRangesAndRangesOutside32Bits() {
        assertThatThrownBy(() -> new NonceRange(5, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NonceRange(-1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NonceRange(0, (1L << 32) + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nativeStoresLandLittleEndian() {
        ByteBuffer buffer = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
        buffer.putInt(BlobNonce.nativeInt(0xA1B2C3D4L));
        assertThat(buffer.array()).containsExactly(0xD4, 0xC3, 0xB2, 0xA1);
        assertThat(BlobNonce.OFFSET).isEqualTo(39);
    }
}
