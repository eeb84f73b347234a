package io.quarry.randomx.hashing;

import static io.quarry.randomx.hashing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mining loop in light mode, on small nonce ranges so every hash can be checked. */
class MinerThreadsTest {

    static RandomXEngine engine;

    @BeforeAll
    static void open() {
        engine = Engines.light(2);
        engine.setSeed(Vectors.KEY_001);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void hashesThePublishedMoneroBlobWithTheNonceAtOffset39() throws Exception {
        byte[] blob = Vectors.MONERO_BLOB.clone();
        BlobNonce.write(blob, 0x0A0B0C0DL); // the miner must overwrite exactly these bytes with nonce 0
        CandidateQueue found = new CandidateQueue();
        try (MinerThreads miners = new MinerThreads(engine, MinerSettings.defaults().withThreads(1), found)) {
            miners.start();
            miners.setJob(new HashJob("e", blob, -1L, Vectors.KEY_001, 0), new NonceRange(0, 1));
            Candidate candidate = found.take();
            assertThat(candidate.nonce()).isZero();
            assertThat(candidate.hashHex()).isEqualTo(Vectors.HASH_E);
            assertThat(candidate.blobWithNonce()).isEqualTo(Vectors.MONERO_BLOB);
        }
    }

    @Test
    void scansEachNonceOfTheRangeOnceAcrossThreadsWithLittleEndianNonces() throws Exception {
        CandidateQueue found = new CandidateQueue();
        long start = 0x01020300L;
        try (MinerThreads miners = new MinerThreads(engine, MinerSettings.defaults().withThreads(2), found)) {
            miners.start();
            miners.setJob(new HashJob("all", Vectors.MONERO_BLOB, -1L, Vectors.KEY_001, 0), new NonceRange(start, start + 6));
            List<Candidate> candidates = takeAll(found, 6);
            assertThat(candidates).extracting(Candidate::nonce)
                    .containsExactlyInAnyOrder(start, start + 1, start + 2, start + 3, start + 4, start + 5);
            for (Candidate candidate : candidates) {
                // Independent path: the Java-side nonce write, hashed by a verification VM.
                assertThat(candidate.hashHex()).isEqualTo(hex(engine.hash(candidate.blobWithNonce())));
            }
            assertThat(found.threads).hasSize(2);
            assertThat(found.roundedToNearest).containsOnly(true);
            assertThat(found.queue.poll(300, TimeUnit.MILLISECONDS)).as("range exhausted: nothing more").isNull();
            assertThat(miners.totalHashes()).isEqualTo(6);
        }
    }

    @Test
    void reportsOnlyHashesBelowTheTarget() throws Exception {
        long start = 500;
        TreeMap<Long, Long> valueByNonce = new TreeMap<>();
        for (long nonce = start; nonce < start + 6; nonce++) {
            byte[] blob = Vectors.MONERO_BLOB.clone();
            BlobNonce.write(blob, nonce);
            valueByNonce.put(nonce, HashTarget.value(engine.hash(blob)));
        }
        List<Long> sorted = valueByNonce.values().stream().sorted(Long::compareUnsigned).toList();
        long target = sorted.get(3); // exactly three values are below it
        List<Long> expected = valueByNonce.entrySet().stream()
                .filter(e -> Long.compareUnsigned(e.getValue(), target) < 0).map(java.util.Map.Entry::getKey).toList();

        CandidateQueue found = new CandidateQueue();
        try (MinerThreads miners = new MinerThreads(engine, MinerSettings.defaults().withThreads(2), found)) {
            miners.start();
            miners.setJob(new HashJob("t", Vectors.MONERO_BLOB, target, Vectors.KEY_001, 0), new NonceRange(start, start + 6));
            List<Candidate> candidates = takeAll(found, 3);
            assertThat(candidates).extracting(Candidate::nonce).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(candidates).allMatch(c -> HashTarget.meets(c.hash(), target));
            assertThat(found.queue.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void switchesJobsWithoutNewThreads() throws Exception {
        CandidateQueue found = new CandidateQueue();
        try (MinerThreads miners = new MinerThreads(engine, MinerSettings.defaults().withThreads(2), found)) {
            miners.start();
            miners.setJob(new HashJob("first", Vectors.MONERO_BLOB, -1L, Vectors.KEY_001, 0));
            found.takeFor("first");
            byte[] other = Vectors.MONERO_BLOB.clone();
            other[0] = 0x0c;
            miners.setJob(new HashJob("second", other, -1L, Vectors.KEY_001, 0), new NonceRange(7, 9));
            Candidate second = found.takeFor("second");
            assertThat(second.hashHex()).isEqualTo(hex(engine.hash(second.blobWithNonce())));
            assertThat(miners.job()).hasValueSatisfying(job -> assertThat(job.id()).isEqualTo("second"));
            assertThat(found.threads).hasSize(2).as("the same two threads mined both jobs");
            miners.clearJob();
            assertThat(miners.job()).isEmpty();
        }
    }

    @Test
    void startsOnceAndClosesTwice() {
        MinerThreads miners = new MinerThreads(engine, MinerSettings.defaults().withThreads(1), c -> { });
        miners.start();
        assertThatThrownBy(miners::start).isInstanceOf(IllegalStateException.class);
        miners.close();
        miners.close();
        assertThat(miners.terminated()).isTrue();
    }

    private static List<Candidate> takeAll(CandidateQueue found, int count) throws InterruptedException {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            candidates.add(found.take());
        }
        return candidates;
    }
}
