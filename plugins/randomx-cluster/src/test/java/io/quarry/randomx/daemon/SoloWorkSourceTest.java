package io.quarry.randomx.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.randomx.job.MoneroDifficulty;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.Share;
import io.quarry.randomx.job.ShareCounters;
import io.quarry.randomx.job.SubmitResult;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SoloWorkSourceTest {

    private static final HexFormat HEX = HexFormat.of();

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final LinkedBlockingQueue<MoneroJob> jobs = new LinkedBlockingQueue<>();
    private final AtomicLong height = new AtomicLong(3195018);
    private ShareCounters counters;
    private FakeMonerod monerod;
    private SoloWorkSource solo;

    @BeforeEach
    void startDaemon() throws Exception {
        monerod = new FakeMonerod();
        monerod.answer("get_info", p -> FakeMonerod.info(height.get(), "top-" + height.get()));
        monerod.answer("get_block_template", p -> FakeMonerod.template(height.get(), 1000, "0x3e8"));
        monerod.answer("submit_block", p -> Map.of("status", "OK"));
        counters = new ShareCounters(new SimpleMeterRegistry(), "daemon");
        solo = new SoloWorkSource(new DaemonRpcClient(monerod.url(), Duration.ofSeconds(5)),
                SoloSettings.of("44wallet").withPolling(Duration.ofMillis(50), Duration.ofMinutes(10)), executor,
                counters, Clock.systemUTC());
        solo.onJob(jobs::add);
        solo.start();
    }

    @AfterEach
    void stop() {
        solo.close();
        monerod.close();
        executor.shutdownNow();
    }

    @Test
    void publishesTheTemplateAsWorkerZerosJob() throws Exception {
        MoneroJob job = nextJob();
        assertThat(job.worker()).isZero();
        assertThat(job.height()).isEqualTo(3195018);
        assertThat(HEX.formatHex(job.seedHash())).isEqualTo(MoneroVectors.SEED_V16);
        assertThat(job.fixedNonceByte()).isFalse();
        // Our reserved value makes it differ from monerod's zero-reserve hashing blob, header aside.
        assertThat(HEX.formatHex(job.blob())).isNotEqualTo(MoneroVectors.HASHING_V16)
                .startsWith(MoneroVectors.HASHING_V16.substring(0, 86));
        assertThat(MoneroDifficulty.difficultyOf(job.target())).isLessThanOrEqualTo(1000);
        FakeMonerod.Call call = monerod.calls("get_block_template").get(0);
        assertThat(call.params().get("wallet_address").asString()).isEqualTo("44wallet");
        assertThat(call.params().get("reserve_size").asLong()).isEqualTo(8);
    }

    @Test
    void givesEveryWorkerADifferentHashingBlob() throws Exception {
        MoneroJob job = nextJob();
        byte[] one = solo.forWorker(job, 1).blob();
        byte[] two = solo.forWorker(job, 2).blob();
        assertThat(one).isNotEqualTo(two).isNotEqualTo(job.blob());
        assertThat(solo.forWorker(job, 0)).isEqualTo(job);
        assertThat(solo.forWorker(job, 2).worker()).isEqualTo(2);
        assertThat(solo.maxWorkers()).isGreaterThan(1 << 20);
    }

    @Test
    void refreshesTheTemplateWhenTheHeightChanges() throws Exception {
        MoneroJob first = nextJob();
        height.incrementAndGet();
        MoneroJob second = nextJob();
        assertThat(second.height()).isEqualTo(first.height() + 1);
        assertThat(second.jobId()).isNotEqualTo(first.jobId());
        assertThat(solo.currentJob()).contains(second);
    }

    @Test
    void submitsABlockThatPassesTheFullDifficultyCheck() throws Exception {
        MoneroJob job = solo.forWorker(nextJob(), 5);
        SubmitResult result = solo.submit(new Share(job, 0x0A0B0C0D, new byte[32])).get(5, TimeUnit.SECONDS);

        assertThat(result.accepted()).isTrue();
        assertThat(counters.blocksFound()).isEqualTo(1);
        byte[] block = HEX.parseHex(monerod.calls("submit_block").get(0).params().get(0).asString());
        assertThat(HEX.formatHex(block, 39, 43)).isEqualTo("0d0c0b0a");
        // Worker 5 in the first 4 reserved bytes, then this node's instance id.
        assertThat(HEX.formatHex(block, MoneroVectors.RESERVED_OFFSET_V16, MoneroVectors.RESERVED_OFFSET_V16 + 4))
                .isEqualTo("05000000");
        // The submitted block's hashing blob is exactly what worker 5 hashed.
        BlockTemplate mined = new BlockTemplate(block, MoneroVectors.RESERVED_OFFSET_V16, 8, BigInteger.TEN, 1,
                new byte[32], "");
        assertThat(mined.hashingBlob(new byte[0])).isEqualTo(job.blobWithNonce(0x0A0B0C0D));
    }

    @Test
    void submitsOneBlockPerParentAndRecordsItsHash() throws Exception {
        MoneroJob job = nextJob();
        byte[] hash = new byte[32];
        hash[0] = 7;
        assertThat(solo.submit(new Share(job, 1, hash)).get(5, TimeUnit.SECONDS).accepted()).isTrue();
        // Another result for the same work would only make an alternative block at the same height.
        SubmitResult second = solo.submit(new Share(solo.forWorker(job, 3), 2, new byte[32])).get(5, TimeUnit.SECONDS);
        assertThat(second.accepted()).isFalse();
        assertThat(second.reason()).isEqualTo(SubmitResult.STALE);
        assertThat(monerod.calls("submit_block")).hasSize(1);
        assertThat(counters.blocksFound()).isEqualTo(1);
        assertThat(solo.foundBlocks()).singleElement().satisfies(block -> {
            assertThat(block.height()).isEqualTo(job.height());
            assertThat(block.powHash()).isEqualTo(HEX.formatHex(hash));
            assertThat(block.worker()).isZero();
        });
    }

    @Test
    void neverSubmitsABlockBelowTheNetworkDifficulty() throws Exception {
        MoneroJob job = nextJob();
        // Passes a 64-bit look at difficulty 1000 only by its top bits; the full 256-bit check refuses it.
        BigInteger limit = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE).divide(BigInteger.valueOf(1000));
        byte[] hash = littleEndian(limit.add(BigInteger.ONE));
        assertThat(MoneroDifficulty.meetsTarget(hash, job.target())).isTrue();

        SubmitResult result = solo.submit(new Share(job, 1, hash)).get(5, TimeUnit.SECONDS);

        assertThat(result.accepted()).isFalse();
        assertThat(result.reason()).isEqualTo(SubmitResult.LOW_DIFFICULTY);
        assertThat(monerod.calls("submit_block")).isEmpty();
        assertThat(counters.rejectedByReason()).containsEntry("low_difficulty", 1L);
    }

    @Test
    void reportsMonerodsRefusal() throws Exception {
        MoneroJob job = nextJob();
        monerod.answer("submit_block", p -> new FakeMonerod.Failure(-7, "Block not accepted"));
        SubmitResult result = solo.submit(new Share(job, 1, new byte[32])).get(5, TimeUnit.SECONDS);
        assertThat(result.accepted()).isFalse();
        assertThat(result.message()).contains("Block not accepted");
        assertThat(counters.blocksRejected()).isEqualTo(1);
    }

    @Test
    void refusesSharesForTemplatesItNoLongerHas() throws Exception {
        MoneroJob job = nextJob();
        MoneroJob unknown = new MoneroJob("nope", job.blob(), job.target(), job.seedHash(), 1, "rx/0", 0, false);
        assertThat(solo.submit(new Share(unknown, 1, new byte[32])).get(5, TimeUnit.SECONDS).reason())
                .isEqualTo(SubmitResult.STALE);
    }

    /** The 64-bit target handed to miners never hides a hash monerod would take. */
    @Test
    void preFilterTargetLetsThroughEveryValidBlock() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            BigInteger difficulty = BigInteger.valueOf(1 + random.nextInt(1 << 20));
            BigInteger limit = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE).divide(difficulty);
            byte[] best = littleEndian(limit.subtract(BigInteger.valueOf(random.nextInt(1000))).max(BigInteger.ZERO));
            assertThat(MoneroDifficulty.meetsDifficulty(best, difficulty)).isTrue();
            assertThat(MoneroDifficulty.meetsTarget(best, SoloWorkSource.preFilterTarget(difficulty))).isTrue();
        }
        assertThat(SoloWorkSource.preFilterTarget(BigInteger.ONE)).isEqualTo(MoneroDifficulty.MAX_TARGET);
        assertThat(SoloWorkSource.preFilterTarget(BigInteger.ONE.shiftLeft(70))).isEqualTo(1);
    }

    private MoneroJob nextJob() throws InterruptedException {
        MoneroJob job = jobs.poll(5, TimeUnit.SECONDS);
        assertThat(job).as("a job within 5 s").isNotNull();
        return job;
    }

    private static byte[] littleEndian(BigInteger value) {
        byte[] big = value.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < big.length && i < 32; i++) {
            out[i] = big[big.length - 1 - i];
        }
        return out;
    }
}
