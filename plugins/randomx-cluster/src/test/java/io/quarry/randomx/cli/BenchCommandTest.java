package io.quarry.randomx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bench's output contract in light mode (fast mode would spend half a minute on the dataset). */
class BenchCommandTest {

    @Test
    void endsWithTheHashrateOnItsOwnLine() {
        Run run = Run.of("bench", "--mode", "light", "--threads", "1", "--seconds", "1", "--warmup", "0",
                "--huge-pages", "off");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("mode=light threads=1").contains("key_ms=");
        assertThat(run.lastLine()).matches("hashrate=\\d+\\.\\d");
        assertThat(Double.parseDouble(run.lastLine().substring("hashrate=".length()))).isPositive();
    }

    @Test
    void usageListsBothVerbs() {
        Run run = Run.of();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("hash").contains("bench");
    }
}
