package io.quarry.randomx.hashing;

import static io.quarry.randomx.hashing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.randomx.job.MoneroDifficulty;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.Share;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mining loop in light mode, on small nonce ranges so every hash can be checked against a verification VM
 * (whose hashes {@link ReferenceVectorsTest} checks against the published vectors) fed blobs whose nonce the
 * Java side wrote: an independent path for the native nonce store.
 */
class MinerThreadsTest {

    static RandomXEngine engine;

    @BeforeAll
    static void open() {
        engine = Engines.light(2);
        engine.setSeed(Vectors.SEED_32);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** A job over the published Monero blob under the 32-byte test seed; target -1 lets (almost) every hash through. */
    static MoneroJob job(String id, byte[] blob, long target) {
        return new MoneroJob(id, blob, target, Vectors.SEED_32, 0, MoneroJob.ALGO_RX0, -1, false);
    }

    @Test
    void overwritesTheFourNonceBytesAtOffset39() throws Exception {
        MoneroJob withGarbage = job("e", Vectors.MONERO_BLOB, -1L);
        byte[] blob = withGarbage.blobWithNonce(0x0A0B0C0D); // the miner must overwrite exactly these bytes
        CandidateQueue found = new CandidateQueue();
        try (MinerThreads miners = new MinerThreads(engine, MinerSettings.defaults().withThreads(1), found)) {
            miners.start();
            miners.setJob(job("e", blob, -1L), new NonceRange(0, 1));
            Share share = found.take();
            assertThat(share.nonce()).isZero();
            assertThat(share.job().blobWithNonce(share.nonce())).isEqualTo(Vectors.MONERO_BLOB);
            assertThat(hex(share.hash())).isEqualTo(hex(engine.hash(Vectors.MONERO_BLOB)));
        }
    }

    @Test
    void scansEachNonceOfTheRangeOnceAcrossThreadsWithLittleEndianNonces() throws Exception {
        CandidateQueue found = new CandidateQueue();
        long start = 0x01020300L;
        try (MinerThreads miners = new MinerThreads(engine, MinerSettings.defaults().withThreads(2), found)) {
            miners.start();
            miners.setJob(job("all", Vectors.MONERO_BLOB, -1L), new NonceRange(start, start + 6));
            List<Share> shares = takeAll(found, 6);
            assertThat(shares).extracting(s -> Integer.toUnsignedLong(s.nonce()))
                    .containsExactlyInAnyOrder(start, start + 1, start + 2, start + 3, start + 4, start + 5);
            for (Share share : shares) {
                assertThat(hex(share.hash())).isEqualTo(hex(engine.hash(share.job().blobWithNonce(share.nonce()))));
            }
            assertThat(found.threads).hasSize(2);
            assertThat(found.roundedToNearest).containsOnly(true);
            assertThat(found.queue.poll(300, TimeUnit.MILLISECONDS)).as("range exhausted: nothing more").isNull();
            assertThat(miners.totalHashes()).isEqualTo(6);
        }
    }

    @Test
    void reportsOnlyHashesBelowTheTarget() throws Exception {
        int start = 500;
        MoneroJob probe = job("probe", Vectors.MONERO_BLOB, -1L);
        TreeMap<Integer, Long> valueByNonce = new TreeMap<>();
        for (int nonce = start; nonce < start + 6; nonce++) {
            byte[] hash = engine.hash(probe.blobWithNonce(nonce));
            valueByNonce.put(nonce, ByteBuffer.wrap(hash, 24, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
        }
        List<Long> sorted = valueByNonce.values().stream().sorted(Long::compareUnsigned).toList();
        long target = sorted.get(3); // exactly three values are below it
        List<Integer> expected = valueByNonce.entrySet().stream()
                .filter(e -> Long.compareUnsigned(e.getValue(), target) < 0).map(java.util.Map.Entry::getKey).toList();

        CandidateQueue found = new CandidateQueue();
        try (MinerThreads miners = new MinerThreads(engine, MinerSettings.defaults().withThreads(2), found)) {
            miners.start();
            miners.setJob(job("t", Vectors.MONERO_BLOB, target), new NonceRange(start, start + 6));
            List<Share> shares = takeAll(found, 3);
            assertThat(shares).extracting(Share::nonce).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(shares).allMatch(s -> MoneroDifficulty.meetsTarget(s.hash(), target) && s.meetsJobTarget());
            assertThat(found.queue.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void switchesJobsWithoutNewThreads() throws Exception {
        CandidateQueue found = new CandidateQueue();
        try (MinerThreads miners = new MinerThreads(engine, MinerSettings.defaults().withThreads(2), found)) {
            miners.start();
            miners.setJob(job("first", Vectors.MONERO_BLOB, -1L));
            found.takeFor("first");
            byte[] other = Vectors.MONERO_BLOB.clone();
            other[0] = 0x0c;
            miners.setJob(job("second", other, -1L), new NonceRange(7, 9));
            Share second = found.takeFor("second");
            assertThat(hex(second.hash())).isEqualTo(hex(engine.hash(second.job().blobWithNonce(second.nonce()))));
            assertThat(miners.job()).hasValueSatisfying(job -> assertThat(job.jobId()).isEqualTo("second"));
            assertThat(found.threads).hasSize(2).as("the same two threads mined both jobs");
            miners.clearJob();
            assertThat(miners.job()).isEmpty();
        }
    }

    @Test
    void aWorkersSliceIsMinedUnderItsNonceByte() throws Exception {
        CandidateQueue found = new CandidateQueue();
        try (MinerThreads miners = new MinerThreads(engine, MinerSettings.defaults().withThreads(1), found)) {
            miners.start();
            miners.setJob(job("slice", Vectors.MONERO_BLOB, -1L).withNoncePrefix(9));
            Share share = found.takeFor("slice");
            assertThat(share.nonce() >>> 24).isEqualTo(9);
            assertThat(share.job().nonceInRange(share.nonce())).isTrue();
        }
    }

    @Test
    void startsOnceAndClosesTwice() {
        MinerThreads miners = new MinerThreads(engine, MinerSettings.defaults().withThreads(1), s -> { });
        miners.start();
        assertThatThrownBy(miners::start).isInstanceOf(IllegalStateException.class);
        miners.close();
        miners.close();
        assertThat(miners.terminated()).isTrue();
    }

    private static List<Share> takeAll(CandidateQueue found, int count) throws InterruptedException {
        List<Share> shares = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            shares.add(found.take());
        }
        return shares;
    }
}
