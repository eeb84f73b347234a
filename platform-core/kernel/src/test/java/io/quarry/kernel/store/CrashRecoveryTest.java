package io.quarry.kernel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.store.BlobId;
import io.quarry.api.store.KeyValueStore;
import io.quarry.api.store.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL and checks that every write it acknowledged is there afterwards:
 * the store's promise that an acknowledged write survives {@code kill -9}.
 */
@Tag("process")
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void acknowledgedKeysSurviveKillMinus9() throws Exception {
        Path db = dir.resolve("db");
        List<String> acks = runAndKill("kv", db, 2_000, acked -> assertThatThrownBy(() -> RocksDatabase.open(db, false))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("in use by another Quarry process"));

        try (RocksDatabase database = RocksDatabase.open(db, false)) {
            KeyValueStore store = database.columnFamily(CrashWriter.COLUMN_FAMILY);
            for (String ack : acks) {
                long n = Long.parseLong(ack);
                assertThat(store.get(CrashWriter.key(n)))
                        .as("acked key %d", n)
                        .hasValueSatisfying(v -> assertThat(v).isEqualTo(CrashWriter.value(n)));
            }
        }
    }

    @Test
    void acknowledgedBlobsAreIntactAfterKillMinus9() throws Exception {
        Path blobsDir = dir.resolve("blobs");
        List<String> acks = runAndKill("blob", blobsDir, 300, acked -> { });

        FileBlobStore blobs = new FileBlobStore(blobsDir);
        for (String ack : acks) {
            String[] parts = ack.split(" ");
            int n = Integer.parseInt(parts[0]);
            BlobId id = new BlobId(parts[1]);
            try (InputStream in = blobs.open(id).orElseThrow(() -> new AssertionError("acked blob " + n + " missing"))) {
                assertThat(in.readAllBytes()).as("acked blob %d", n).isEqualTo(CrashWriter.blob(n)); // verifies hash
            }
        }
    }

    /**
     * Starts CrashWriter, collects the text after "acked " of the first {@code acksWanted} acks, runs
     * {@code whileRunning}, then SIGKILLs the child and waits for it to be gone.
     */
    private List<String> runAndKill(String mode, Path storeDir, int acksWanted, Consumer<List<String>> whileRunning)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path stderr = dir.resolve(mode + "-stderr.txt");
        Process child = new ProcessBuilder(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), mode, storeDir.toString())
                .redirectError(stderr.toFile())
                .start();
        List<String> acks = new ArrayList<>();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            for (String line = lines.readLine(); acks.size() < acksWanted; line = lines.readLine()) {
                if (line == null) {
                    throw new AssertionError("child exited after " + acks.size() + " acks: " + Files.readString(stderr));
                }
                if (line.startsWith("acked ")) {
                    acks.add(line.substring("acked ".length()));
                }
            }
            whileRunning.accept(acks);
        } finally {
            child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no close()
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child gone").isTrue();
        }
        assertThat(child.exitValue()).as("killed by a signal").isNotZero();
        return acks;
    }
}
