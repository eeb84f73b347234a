package io.quarry.randomx.cli;

import io.quarry.randomx.hashing.DatasetProgress;
import java.io.PrintWriter;

/** Prints dataset initialisation progress every 10 %, for the commands' users watching a terminal. */
final class ProgressPrinter implements DatasetProgress {

    private final PrintWriter out;

    ProgressPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void update(int percent, long elapsedMillis) {
        if (percent % 10 == 0) {
            out.printf("dataset %3d%% (%d ms)%n", percent, elapsedMillis);
            out.flush();
        }
    }
}
