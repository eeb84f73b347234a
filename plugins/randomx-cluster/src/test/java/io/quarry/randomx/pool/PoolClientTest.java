package io.quarry.randomx.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcServers;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.randomx.job.InvalidJobException;
import io.quarry.randomx.job.JobFixtures;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.Share;
import io.quarry.randomx.job.ShareCounters;
import io.quarry.randomx.job.SubmitResult;
import io.quarry.testkit.TestJsonRpc;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool client against fake pools on loopback. */
class PoolClientTest {

    private final TestJsonRpc jsonRpc = TestJsonRpc.open();
    private final JsonRpcServers rpc = jsonRpc.servers("test");
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ShareCounters counters = new ShareCounters(new SimpleMeterRegistry(), "pool");
    private final LinkedBlockingQueue<MoneroJob> jobs = new LinkedBlockingQueue<>();
    private PoolClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        executor.shutdownNow();
        jsonRpc.close();
    }

    @Test
    void logsInWithTheAlgorithmListAndMinesTheLoginJob() throws Exception {
        FakePool pool = new FakePool(rpc, "pool-a", "1");
        start(pool.endpoint("44wallet"));

        JsonRpcValue login = poll(pool.logins);
        assertThat(login.get("login").asString()).isEqualTo("44wallet");
        assertThat(login.get("pass").asString()).isEqualTo("x");
        assertThat(login.get("agent").asString()).startsWith("Quarry/");
        assertThat(login.get("algo").elements()).extracting(JsonRpcValue::asString).containsExactly("rx/0");
        MoneroJob job = poll(jobs);
        assertThat(job.jobId()).isEqualTo("1");
        assertThat(job.difficulty()).isEqualTo(10000);
        assertThat(client.currentJob()).contains(job);
    }

    @Test
    void followsJobNotifications() throws Exception {
        FakePool pool = new FakePool(rpc, "pool-a", "1");
        start(pool.endpoint("w"));
        poll(jobs);
        pool.push(JobFixtures.poolJob("2", JobFixtures.BLOB, "ffffffff"));
        MoneroJob second = poll(jobs);
        assertThat(second.jobId()).isEqualTo("2");
        assertThat(second.difficulty()).isEqualTo(1);
    }

    @Test
    void refusesBadJobsWithACount() throws Exception {
        FakePool pool = new FakePool(rpc, "pool-a", "1");
        start(pool.endpoint("w"));
        poll(jobs);
        pool.push(JobFixtures.poolJob("short", JobFixtures.BLOB.substring(0, 100), "b88d0600"));
        var noSeed = JobFixtures.poolJob("noseed", JobFixtures.BLOB, "b88d0600");
        noSeed.remove("seed_hash");
        pool.push(noSeed);
        pool.push(JobFixtures.poolJob("3", JobFixtures.BLOB, "b88d0600"));

        assertThat(poll(jobs).jobId()).isEqualTo("3");
        assertThat(counters.jobsRefusedByReason()).containsEntry(InvalidJobException.BLOB_LENGTH, 1L)
                .containsEntry(InvalidJobException.SEED_HASH, 1L);
    }

    @Test
    void submitsAShareThatMeetsTheTarget() throws Exception {
        FakePool pool = new FakePool(rpc, "pool-a", "1");
        start(pool.endpoint("w"));
        MoneroJob job = poll(jobs);
        byte[] hash = new byte[32];
        hash[0] = (byte) 0xAB;

        SubmitResult result = client.submit(new Share(job, 0x01020304, hash)).get(5, TimeUnit.SECONDS);

        assertThat(result.accepted()).isTrue();
        JsonRpcValue submit = poll(pool.submits);
        assertThat(submit.get("id").asString()).isEqualTo("login-" + pool.port());
        assertThat(submit.get("job_id").asString()).isEqualTo("1");
        assertThat(submit.get("nonce").asString()).isEqualTo("04030201");
        assertThat(submit.get("result").asString()).hasSize(64).startsWith("ab00");
        assertThat(counters.acceptedCount()).isEqualTo(1);
    }

    @Test
    void neverSendsAShareBelowTheTargetOrForAReplacedJob() throws Exception {
        FakePool pool = new FakePool(rpc, "pool-a", "1");
        start(pool.endpoint("w"));
        MoneroJob first = poll(jobs);
        byte[] weak = new byte[32];
        Arrays.fill(weak, (byte) 0xFF);
        assertThat(client.submit(new Share(first, 1, weak)).get(5, TimeUnit.SECONDS).reason())
                .isEqualTo(SubmitResult.LOW_DIFFICULTY);

        pool.push(JobFixtures.poolJob("2", JobFixtures.BLOB, "b88d0600"));
        poll(jobs);
        pool.push(JobFixtures.poolJob("3", JobFixtures.BLOB, "b88d0600"));
        poll(jobs);
        assertThat(client.submit(new Share(first, 1, new byte[32])).get(5, TimeUnit.SECONDS).reason())
                .isEqualTo(SubmitResult.STALE);
        assertThat(pool.submits).isEmpty();
        assertThat(counters.rejectedByReason()).containsEntry("low_difficulty", 1L).containsEntry("stale", 1L);
    }

    @Test
    void countsThePoolsRejectionsByReason() throws Exception {
        FakePool pool = new FakePool(rpc, "pool-a", "1");
        pool.submitAnswer = p -> {
            throw new JsonRpcException(new JsonRpcError(-1, "Low difficulty share"));
        };
        start(pool.endpoint("w"));
        MoneroJob job = poll(jobs);

        SubmitResult result = client.submit(new Share(job, 1, new byte[32])).get(5, TimeUnit.SECONDS);

        assertThat(result.accepted()).isFalse();
        assertThat(result.reason()).isEqualTo(SubmitResult.LOW_DIFFICULTY);
        assertThat(result.message()).isEqualTo("Low difficulty share");
        assertThat(counters.rejectedByReason()).containsEntry("low_difficulty", 1L);
    }

    @Test
    void failsOverToTheNextPoolWhenTheFirstGoesAway() throws Exception {
        FakePool first = new FakePool(rpc, "pool-a", "a1");
        FakePool second = new FakePool(rpc, "pool-b", "b1");
        start(first.endpoint("wa"), second.endpoint("wb"));
        assertThat(poll(jobs).jobId()).isEqualTo("a1");

        first.close();

        assertThat(poll(jobs).jobId()).isEqualTo("b1");
        assertThat(poll(second.logins).get("login").asString()).isEqualTo("wb");
        assertThat(client.connectedPool()).contains(second.endpoint("wb"));
    }

    @Test
    void logsInAgainAfterAReconnect() throws Exception {
        FakePool pool = new FakePool(rpc, "pool-a", "1");
        start(pool.endpoint("w"));
        poll(jobs);
        poll(pool.logins);

        pool.dropClients();

        assertThat(poll(pool.logins).get("login").asString()).isEqualTo("w");
        // The new session's login job is mined afresh: job ids belong to a session.
        assertThat(poll(jobs).jobId()).isEqualTo("1");
        pool.push(JobFixtures.poolJob("2", JobFixtures.BLOB, "b88d0600"));
        assertThat(poll(jobs).jobId()).isEqualTo("2");
    }

    @Test
    void movesOnWhenAPoolRefusesTheLogin() throws Exception {
        FakePool refusing = new FakePool(rpc, "pool-a", "a1");
        refusing.loginError = "Invalid payment address provided";
        FakePool second = new FakePool(rpc, "pool-b", "b1");
        start(refusing.endpoint("bad"), second.endpoint("good"));

        assertThat(poll(jobs).jobId()).isEqualTo("b1");
        assertThat(poll(refusing.logins).get("login").asString()).isEqualTo("bad");
    }

    @Test
    void sendsKeepalivedWhenThePoolOffersIt() throws Exception {
        FakePool pool = new FakePool(rpc, "pool-a", "1");
        pool.extensions = List.of("algo", "keepalive");
        start(pool.endpoint("w"));
        assertThat(poll(pool.keepalives).get("id").asString()).isEqualTo("login-" + pool.port());
    }

    private void start(PoolEndpoint... pools) {
        PoolClientSettings settings = PoolClientSettings.of(List.of(pools))
                .withTimings(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(200));
        client = new PoolClient(rpc, settings, executor, counters);
        client.onJob(jobs::add);
        client.start();
    }

    private static <T> T poll(LinkedBlockingQueue<T> queue) throws InterruptedException {
        T value = queue.poll(10, TimeUnit.SECONDS);
        assertThat(value).as("an event within 10 s").isNotNull();
        return value;
    }
}
