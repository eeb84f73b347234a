package io.quarry.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final MutableClock clock = new MutableClock(1_000_000);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void offATerminalPrintsOnePlainLinePerTenPercentAndAFinalLine() {
        Progress progress = Progress.of(out, "dataset", 1000, Progress.Unit.COUNT, false, clock);
        for (int i = 1; i <= 1000; i++) {
            progress.advance(1);
        }
        progress.finish();

        assertThat(printed()).doesNotContain("\r");
        assertThat(printed().lines()).hasSize(11);
        assertThat(printed().lines().findFirst()).hasValue("dataset  10% 100/1000 (100000/s)");
        assertThat(printed().lines().toList().getLast()).isEqualTo("dataset 100% 1000/1000 (1000000/s) done");
    }

    @Test
    void offATerminalASlowStepStillPrintsALineEveryInterval() {
        Progress progress = Progress.of(out, "upload", 1000, Progress.Unit.COUNT, false, clock, 10,
                Duration.ofSeconds(5));
        progress.update(1);
        clock.advance(Duration.ofSeconds(4));
        progress.update(2);
        assertThat(printed()).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        progress.update(3);

        assertThat(printed()).isEqualTo("upload   0% 3/1000 (0/s)" + System.lineSeparator());
    }

    @Test
    void onATerminalRedrawsOneLineWithCarriageReturns() {
        Progress progress = Progress.of(out, "deploy", 4096, Progress.Unit.BYTES, true, clock);
        clock.advance(Duration.ofSeconds(1));
        progress.update(1024);
        clock.advance(Duration.ofSeconds(1));
        progress.update(2048);
        progress.finish();

        assertThat(printed()).doesNotContain("\n" + "deploy").startsWith("\rdeploy  25% 1.0 KiB/4.0 KiB (1.0 KiB/s)");
        assertThat(printed()).contains("\rdeploy  50% 2.0 KiB/4.0 KiB (1.0 KiB/s)");
        assertThat(printed()).endsWith("\rdeploy  50% 2.0 KiB/4.0 KiB (1.0 KiB/s) done   " + System.lineSeparator());
        assertThat(printed().chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }

    @Test
    void onATerminalAFastLoopRedrawsOnlyWhenThePercentChangesOrTimePasses() {
        Progress progress = Progress.of(out, "hash", 1_000_000, Progress.Unit.COUNT, true, clock);
        for (int i = 0; i < 5_000; i++) {
            progress.advance(1);
        }
        assertThat(printed()).isEmpty();

        clock.advance(Duration.ofMillis(100));
        progress.advance(1);

        assertThat(printed().chars().filter(c -> c == '\r').count()).isEqualTo(1);
    }

    @Test
    void anUnknownTotalShowsTheAmountAndRateWithoutAPercent() {
        Progress progress = Progress.of(out, "backup", 0, Progress.Unit.BYTES, false, clock);
        clock.advance(Duration.ofSeconds(2));
        progress.advance(3 * 1024 * 1024);
        progress.finish();
        progress.finish();

        assertThat(printed()).isEqualTo("backup 3.0 MiB (1.5 MiB/s) done" + System.lineSeparator());
    }

    @Test
    void workCountedInPercentShowsTheTimeTakenInsteadOfARate() {
        Progress progress = Progress.of(out, "dataset", 100, Progress.Unit.PERCENT, false, clock);
        clock.advance(Duration.ofMillis(1500));
        progress.update(10);
        progress.update(15);

        assertThat(printed()).isEqualTo("dataset  10% (1.5 s)" + System.lineSeparator());
    }
}
