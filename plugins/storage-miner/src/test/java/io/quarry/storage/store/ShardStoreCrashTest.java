package io.quarry.storage.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An acknowledged write survives kill -9 of the process that made it, and a cut-short write leaves nothing. */
class ShardStoreCrashTest {

    @TempDir
    Path dir;

    @Test
    void acknowledgedShardsSurviveKillNine() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), ShardWriterMain.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<ShardId> acked = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            // Wait for a state (20 acknowledged writes), not a time; the writer keeps writing until killed.
            while (acked.size() < 20) {
                String line = out.readLine();
                assertThat(line).as("writer output").isNotNull();
                ack(line, acked);
            }
            // SIGKILL through the handle: Process.destroyForcibly would also close our end of its stdout.
            assertThat(child.toHandle().destroyForcibly()).isTrue();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                ack(line, acked);
            }
        }
        ShardStore reopened = ShardStore.open(dir, 0, 10, 1 << 20);
        for (ShardId id : acked) {
            assertThat(reopened.readFromDisk(id)).as("acknowledged shard %s", id).isPresent();
        }
        assertThat(Files.list(dir.resolve("tmp"))).isEmpty();
        assertThat(reopened.corruptReads()).isZero();
    }

    /** Collects "ACK id" lines; log lines, and an acknowledgement the kill cut in half, are not acknowledgements. */
    private static void ack(String line, List<ShardId> acked) {
        if (line.startsWith("ACK ") && ShardId.isValid(line.substring(4))) {
            acked.add(new ShardId(line.substring(4)));
        }
    }
}
