package io.quarry.randomx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.cli.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {

    @Test
    void offATerminalTheDatasetPrintsEveryTenPercentThenOneFinalLine() {
        StringWriter text = new StringWriter();
        InstantSource clock = InstantSource.fixed(Instant.EPOCH);
        ProgressPrinter printer = new ProgressPrinter(Progress.of(new PrintWriter(text), "dataset", 100,
                Progress.Unit.PERCENT, false, clock, 10, Duration.ofSeconds(5)));

        for (int percent = 1; percent <= 100; percent++) {
            printer.update(percent, percent * 10L);
        }

        assertThat(text.toString().lines().toList()).hasSize(11)
                .startsWith("dataset  10% (0.0 s)")
                .endsWith("dataset 100% (0.0 s)", "dataset 100% (0.0 s) done");
    }
}
