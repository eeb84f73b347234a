package io.quarry.randomx.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MoneroJobTest {

    @Test
    void nonceIsFourLittleEndianBytesAtOffset39() {
        MoneroJob job = JobFixtures.job("j", 1000, 0);
        byte[] blob = job.blobWithNonce(0x12345678);
        assertThat(HexFormat.of().formatHex(blob, 39, 43)).isEqualTo("78563412");
        assertThat(MoneroJob.nonceHex(0x12345678)).isEqualTo("78563412");
        assertThat(MoneroJob.parseNonceHex("78563412")).isEqualTo(0x12345678);
        assertThat(MoneroJob.parseNonceHex("FFFFFFFF")).isEqualTo(-1);
        // Nothing else in the blob moves.
        byte[] original = job.blob();
        blob[39] = blob[40] = blob[41] = blob[42] = 0;
        assertThat(blob).isEqualTo(original);
    }

    @Test
    void refusesNonceHexOfTheWrongShape() {
        for (String bad : new String[] {"", "1234567", "123456789", "zzzzzzzz", "+1234567", " 1234567"}) {
            assertThatThrownBy(() -> MoneroJob.parseNonceHex(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void nonceByteSplitFixesTheTopByteForEachWorker() {
        MoneroJob job = JobFixtures.job("j", 1000, 0);
        MoneroJob seven = job.withNoncePrefix(7);
        assertThat(seven.fixedNonceByte()).isTrue();
        assertThat(seven.worker()).isEqualTo(7);
        assertThat(seven.blob()[42]).isEqualTo((byte) 7);
        assertThat(seven.blobNonce()).isEqualTo(0x07000000);
        assertThat(seven.nonceInRange(0x07ABCDEF)).isTrue();
        assertThat(seven.nonceInRange(0x08000000)).isFalse();
        assertThat(job.nonceInRange(0x08000000)).isTrue();
        assertThat(seven.jobId()).isEqualTo("j");
    }

    @Test
    void refusesToSplitAJobWhoseTopNonceByteTheUpstreamFixed() {
        byte[] blob = JobFixtures.job("j", 1000, 0).blobWithNonce(0x05000000);
        MoneroJob nicehash = new MoneroJob("n", blob, 1000, new byte[32], 1, "rx/0", -1, false);
        assertThatThrownBy(() -> nicehash.withNoncePrefix(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesBlobsShorterThanAMoneroHashingBlob() {
        assertThatThrownBy(() -> new MoneroJob("j", new byte[75], 1, new byte[32], 0, "rx/0", -1, false))
                .hasMessageContaining("76");
        assertThatThrownBy(() -> new MoneroJob("j", new byte[76], 1, new byte[31], 0, "rx/0", -1, false))
                .hasMessageContaining("seed hash");
    }

    @Test
    void copiesItsArraysSoCallersCannotChangeIt() {
        byte[] blob = new byte[76];
        MoneroJob job = new MoneroJob("j", blob, 1, new byte[32], 0, "rx/0", -1, false);
        blob[0] = 1;
        job.blob()[1] = 1;
        assertThat(job.blob()).isEqualTo(new byte[76]);
        assertThat(job).isEqualTo(new MoneroJob("j", new byte[76], 1, new byte[32], 0, "rx/0", -1, false));
    }
}
