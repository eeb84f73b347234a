package io.quarry.poies.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.ShareDigest;
import io.quarry.poies.model.TestTemplates;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScanKernelTest {

    @Test
    void theTestJvmRunsTheVectorKernelWhereTheCpuHasWideVectors() {
        // The build adds jdk.incubator.vector to every test JVM, so on an AVX2 / AVX-512 machine the detected
        // kernel must be the SIMD one; a narrower CPU falls back to scalar and says why.
        ScanKernel kernel = ScanKernel.detect();
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
        if (VectorNonceLanes.laneCount() >= ScanKernel.MIN_VECTOR_LANES) {
            assertThat(kernel.simd()).isTrue();
            assertThat(kernel.lanes()).isEqualTo(VectorNonceLanes.laneCount()).isIn(4, 8, 16);
            assertThat(kernel.description()).contains(kernel.lanes() + " lanes of 64 bits");
            assertThat(ScanKernel.vector()).contains(kernel);
        } else {
            assertThat(kernel.simd()).isFalse();
            assertThat(kernel.description()).startsWith("scalar").contains("bits");
        }
    }

    @Test
    void theScalarKernelHasOneLane() {
        assertThat(ScanKernel.scalar().lanes()).isEqualTo(1);
        assertThat(ScanKernel.scalar().simd()).isFalse();
        assertThat(ScanKernel.scalar().newLanes(new NonceHasher(TestTemplates.template())))
                .isInstanceOf(ScalarNonceLanes.class);
    }

    @Test
    void everyVectorLaneMatchesTheScalarHasherAndTheReferenceDigest() {
        // The vector lanes directly, whatever the detected kernel: on a CPU with narrow vectors they are slow but
        // must still be right.
        Random random = new Random(7);
        for (int coinbase = 1; coinbase <= 90; coinbase += 11) { // headers of 5 to 7 blocks
            HeaderTemplate template = withCoinbase("v".repeat(coinbase));
            NonceHasher scalar = new NonceHasher(template);
            NonceLanes lanes = new VectorNonceLanes(scalar);
            assertThat(lanes.lanes()).isEqualTo(VectorNonceLanes.laneCount());
            long[] top = new long[lanes.lanes()];
            long[][] starts = {{0, 1}, {-3, 1}, {random.nextLong(), 2}, {random.nextLong(), random.nextLong()}};
            for (long[] start : starts) {
                lanes.hashTop64(start[0], start[1], top);
                for (int i = 0; i < top.length; i++) {
                    long nonce = start[0] + i * start[1];
                    byte[] reference = ShareDigest.compute(template, nonce).toArray();
                    assertThat(top[i]).as("lane %d, nonce %d", i, nonce)
                            .isEqualTo(scalar.hashTop64(nonce))
                            .isEqualTo(ByteBuffer.wrap(reference).getLong());
                }
            }
        }
    }

    @Test
    void aVectorDeviceFindsExactlyTheScalarDevicesCandidates() throws Exception {
        ScanKernel kernel = ScanKernel.vector().orElse(null);
        assumeThat(kernel).as("this CPU has no vector kernel").isNotNull();
        HeaderTemplate template = TestTemplates.template();
        long target = 3_000_000; // about one nonce in 20
        // 3 threads and a range that is no multiple of 3 x lanes: every stripe ends with a scalar tail
        ScanJob job = new ScanJob(template, target, -500, 3001);
        assertThat(DeviceRuns.candidates(job, 3, kernel))
                .containsExactlyInAnyOrderElementsOf(DeviceRuns.candidates(job, 3, ScanKernel.scalar()));
    }

    private static HeaderTemplate withCoinbase(String coinbase) {
        HeaderTemplate x = TestTemplates.template();
        return new HeaderTemplate(x.chainId(), x.height(), x.parentHash(), x.stateRoot(), x.txsRoot(), x.proofsRoot(),
                x.daRoot(), x.params(), x.policyRoots(), x.nonceDomain(), x.time(), coinbase, x.extra());
    }
}
