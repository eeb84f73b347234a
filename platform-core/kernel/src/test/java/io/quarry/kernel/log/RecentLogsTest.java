package io.quarry.kernel.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class RecentLogsTest {

    private final List<RecentLogs.Handle> handles = new ArrayList<>();

    @BeforeEach
    void bootstrap() {
        LogSetup.bootstrap();
    }

    @AfterEach
    void release() {
        handles.forEach(RecentLogs.Handle::close);
        LogSetup.bootstrap();
    }

    @Test
    void capturesOnlyLoggersUnderItsPrefix() {
        RecentLogs.Handle ring = register("io.quarry.ringtest.a", 100);

        LoggerFactory.getLogger("io.quarry.ringtest.a").info("own");
        LoggerFactory.getLogger("io.quarry.ringtest.a.deep.Thing").info("child");
        LoggerFactory.getLogger("io.quarry.ringtest.ab").info("sibling with a longer name");
        LoggerFactory.getLogger("io.quarry.ringtest.b").info("other");

        assertThat(ring.lines(10)).hasSize(2);
        assertThat(ring.lines(10).get(0)).endsWith("INFO  [" + Thread.currentThread().getName()
                + "] io.quarry.ringtest.a - own");
        assertThat(ring.lines(10).get(1)).endsWith("io.quarry.ringtest.a.deep.Thing - child");
    }

    @Test
    void keepsTheMostRecentLinesOldestFirst() {
        RecentLogs.Handle ring = register("io.quarry.ringtest.bounded", 5);
        Logger log = LoggerFactory.getLogger("io.quarry.ringtest.bounded");

        for (int i = 0; i < 12; i++) {
            log.info("line {}", i);
        }

        assertThat(ring.lines(100)).hasSize(5);
        assertThat(ring.lines(100).get(0)).endsWith("line 7");
        assertThat(ring.lines(100).get(4)).endsWith("line 11");
        assertThat(ring.lines(2)).hasSize(2).last().asString().endsWith("line 11");
        assertThat(ring.lines(0)).isEmpty();
    }

    @Test
    void respectsLevelsAndSurvivesReconfiguration() {
        RecentLogs.Handle ring = register("io.quarry.ringtest.levels", 10);
        Logger log = LoggerFactory.getLogger("io.quarry.ringtest.levels");
        log.debug("not at info");

        LogSetup.configure(new io.quarry.kernel.config.LogConfig("json",
                Map.of("io.quarry.ringtest.levels", "debug"), "info", false, 1, 1), null);
        log.debug("now at debug");

        assertThat(ring.lines(10)).hasSize(1);
        assertThat(ring.lines(10).get(0)).contains("DEBUG").endsWith("now at debug");
    }

    @Test
    void closedRingStopsCollecting() {
        RecentLogs.Handle ring = register("io.quarry.ringtest.closed", 10);
        Logger log = LoggerFactory.getLogger("io.quarry.ringtest.closed");
        log.info("before");

        ring.close();
        log.info("after");

        assertThat(ring.lines(10)).hasSize(1);
    }

    @Test
    void concurrentWritersNeverOverfillTheRing() throws InterruptedException {
        RecentLogs.Handle ring = register("io.quarry.ringtest.concurrent", 50);
        Logger log = LoggerFactory.getLogger("io.quarry.ringtest.concurrent");
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 500; i++) {
                    log.info("event {}", i);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(ring.lines(1000)).hasSize(50).allMatch(l -> l.contains("event "));
    }

    private RecentLogs.Handle register(String prefix, int capacity) {
        RecentLogs.Handle handle = RecentLogs.register(prefix, capacity);
        handles.add(handle);
        return handle;
    }
}
