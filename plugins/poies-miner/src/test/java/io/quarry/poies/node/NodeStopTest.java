package io.quarry.poies.node;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.quarry.poies.PoiesMinerPlugin;
import io.quarry.poies.proof.storage.LocalStorageProver;
import io.quarry.testkit.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Stopping a node while its storage proof worker writes and reads the local plot: the worker's round is awaited
 * before the plot is closed, so the stop is quiet (no WARN or ERROR) and leaves a whole plot behind.
 */
class NodeStopTest {

    @TempDir
    Path dir;

    @Test
    void stopAwaitsTheProofWorkersBeforeClosingThePlotAndLogsNoWarning() throws Exception {
        Logger poies = (Logger) LoggerFactory.getLogger("io.quarry.poies");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        poies.addAppender(logs);
        try {
            try (TestNode node = TestNode.builder(dir).plugin("poies-miner", PoiesMinerPlugin::new)
                    .set("poies-miner.device", "\"none\"")
                    .set("poies-miner.stratum_listen", "\"\"")
                    .set("poies-miner.proof_kinds", "[\"storage\"]")
                    .start()) {
                // The first storage round writes the plot, then hashes it: stop while that round runs.
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (plotFiles().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(plotFiles()).as("the storage worker started its plot").isNotEmpty();
            }
            assertThat(logs.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
            assertThat(plotFiles()).as("no half-written plot is left")
                    .allMatch(p -> p.getFileName().toString().equals(LocalStorageProver.PLOT_FILE));
        } finally {
            poies.detachAppender(logs);
        }
    }

    /** The plot and any temporary file it is being written to, wherever the plugin keeps its data. */
    private java.util.List<Path> plotFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(LocalStorageProver.PLOT_FILE)).toList();
        }
    }
}
