package io.quarry.randomx.cli;

import io.quarry.api.cli.Progress;
import io.quarry.randomx.hashing.DatasetProgress;
import java.io.PrintWriter;

/**
 * Shows dataset initialisation progress: one redrawn line on a terminal, a plain line every 10 % otherwise
 * (see {@link Progress}), and a final line at 100 %.
 */
final class ProgressPrinter implements DatasetProgress {

    private final Progress progress;

    ProgressPrinter(PrintWriter out) {
        this(Progress.of(out, "dataset", 100, Progress.Unit.PERCENT));
    }

    ProgressPrinter(Progress progress) {
        this.progress = progress;
    }

    @Override
    public void update(int percent, long elapsedMillis) {
        progress.update(percent);
        if (percent >= 100) {
            progress.finish();
        }
    }
}
