package io.quarry.randomx.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BlobNonceTest {

    @Test
    void writesFourLittleEndianBytesAtOffset39() {
        byte[] blob = new byte[76];
        BlobNonce.write(blob, 0xA1B2C3D4L);
        assertThat(java.util.Arrays.copyOfRange(blob, 39, 43)).containsExactly(0xD4, 0xC3, 0xB2, 0xA1);
        assertThat(blob[38]).isZero();
        assertThat(blob[43]).isZero();
        assertThat(BlobNonce.read(blob)).isEqualTo(0xA1B2C3D4L);
    }

    @Test
    void formatsNoncesAsStratumSubmitsThem() {
        assertThat(BlobNonce.hex(1)).isEqualTo("01000000");
        assertThat(BlobNonce.hex(0xDEADBEEFL)).isEqualTo("efbeadde");
    }

    @Test
    void rejectsShortBlobsAndNoncesOutside32Bits() {
        assertThatThrownBy(() -> BlobNonce.write(new byte[42], 1)).hasMessageContaining("at least 43 bytes");
        assertThatThrownBy(() -> BlobNonce.write(new byte[76], 1L << 32)).hasMessageContaining("2^32");
        assertThatThrownBy(() -> new HashJob("j", new byte[40], 1, new byte[32], 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NonceRange(5, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NonceRange(0, (1L << 32) + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jobsCopyTheirArrays() {
        byte[] blob = new byte[76];
        HashJob job = new HashJob("j", blob, 1, new byte[32], 0);
        blob[0] = 9;
        assertThat(job.blob()[0]).isZero();
        job.blob()[1] = 9;
        assertThat(job.blob()[1]).isZero();
    }
}
