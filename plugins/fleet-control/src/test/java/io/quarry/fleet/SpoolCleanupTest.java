package io.quarry.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.testkit.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A node killed mid-deploy leaves plaintext bundles in its spool; the next start deletes them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpoolCleanupTest {

    @Test
    void leftoverSpoolFilesAreDeletedWhenThePluginStarts(@TempDir Path dir) throws Exception {
        Path spool = dir.resolve("plugins-data/fleet-control/bundle-spool");
        Files.createDirectories(spool);
        Path controllerLeftover = Files.writeString(spool.resolve("deploy-123456.tar"), "plaintext tar");
        Path workerLeftover = Files.writeString(spool.resolve("bundle-654321.tar"), "plaintext tar");
        Path unrelated = Files.writeString(spool.resolve("notes.txt"), "not a spool file");

        try (TestNode node = TestNode.builder(dir).plugin("fleet-control", FleetControlPlugin::new).start()) {
            assertThat(node.plugin("fleet-control")).isPresent();
            assertThat(controllerLeftover).doesNotExist();
            assertThat(workerLeftover).doesNotExist();
            assertThat(unrelated).exists();
        }
    }
}
