package io.quarry.fleet.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.miner.MinerState;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessMinerTest {

    @TempDir
    Path dir;

    private ProcessMiner miner(String script, String restart, int logLines) {
        return new ProcessMiner(new ProcessConfig("gen", "generic", List.of("/bin/sh", "-c", script), restart, 0, logLines, true),
                dir, InstantSource.system());
    }

    @Test
    void runsTheArgvKeepsTheLastOutputLinesAndStops() throws Exception {
        ProcessMiner miner = miner("for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo line $i; done; exec sleep 60", "never", 10);
        assertThat(miner.id()).isEqualTo("fleet-control/gen");
        assertThat(miner.kind()).isEqualTo("generic");

        miner.start();
        miner.start();
        Waits.until("the output is read", () -> miner.recentLogs(100).contains("line 12"));

        assertThat(miner.state()).isEqualTo(MinerState.RUNNING);
        assertThat(miner.recentLogs(100)).hasSize(10).startsWith("line 3").endsWith("line 12");
        assertThat(miner.recentLogs(2)).containsExactly("line 11", "line 12");
        long pid = miner.pid().orElseThrow();

        miner.stop();
        miner.stop();

        assertThat(miner.state()).isEqualTo(MinerState.STOPPED);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(miner.stats().uptime()).isZero();
    }

    @Test
    void onFailureRestartsAfterANonZeroExit() throws Exception {
        ProcessMiner miner = miner("echo attempt; exit 3", "on-failure", 100);
        miner.start();
        Waits.until("two restarts", () -> miner.restarts() >= 2);
        miner.stop();
        Waits.until("stopped", () -> miner.state() == MinerState.STOPPED);
        assertThat(miner.recentLogs(100)).contains("attempt").anyMatch(l -> l.contains("exited with code 3"));
    }

    @Test
    void neverLeavesAFailedProcessFailedWithItsExitCode() throws Exception {
        ProcessMiner miner = miner("exit 7", "never", 100);
        miner.start();
        Waits.until("failed", () -> miner.state() == MinerState.FAILED);
        assertThat(miner.stateDetail()).contains("exited with code 7");
        assertThat(miner.restarts()).isZero();
    }

    @Test
    void aProgramThatCannotStartFailsNamingIt() {
        ProcessMiner miner = new ProcessMiner(new ProcessConfig("bad", "generic", List.of(dir.resolve("missing").toString()),
                "always", 0, 10, true), dir, InstantSource.system());
        miner.start();
        assertThat(miner.state()).isEqualTo(MinerState.FAILED);
        assertThat(miner.stateDetail()).contains("missing");
    }

    @Test
    void policiesRestartAsNamed() {
        assertThat(RestartPolicy.parse("never").restartsAfter(1)).isFalse();
        assertThat(RestartPolicy.parse("on-failure").restartsAfter(0)).isFalse();
        assertThat(RestartPolicy.parse("on-failure").restartsAfter(1)).isTrue();
        assertThat(RestartPolicy.parse("always").restartsAfter(0)).isTrue();
    }
}
