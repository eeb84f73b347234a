package io.quarry.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.fleet.bundle.BundleEntry;
import io.quarry.fleet.bundle.BundleInstaller;
import io.quarry.fleet.bundle.BundleType;
import io.quarry.testkit.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed mid-deploy leaves plaintext bundles behind: spool files, a partly written version directory, a link
 * never switched in. The next start deletes them and keeps the installed bundle.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpoolCleanupTest {

    @Test
    void leftoversOfAnInterruptedDeployAreDeletedWhenThePluginStarts(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("plugins-data/fleet-control");
        Path spool = Files.createDirectories(data.resolve("bundle-spool"));
        Path controllerLeftover = Files.writeString(spool.resolve("deploy-123456.tar"), "plaintext tar");
        Path workerLeftover = Files.writeString(spool.resolve("bundle-654321.tar"), "plaintext tar");
        Path unrelated = Files.writeString(spool.resolve("notes.txt"), "not a spool file");
        Path deployed = data.resolve("deployed");
        BundleInstaller installer = new BundleInstaller(deployed);
        installer.install(BundleType.MINER, List.of(new BundleEntry("bin/run", "v1".getBytes(StandardCharsets.UTF_8), true)));
        Path partial = Files.createDirectories(deployed.resolve(".miner-0c9a4b1e-partial/bin"));
        Files.writeString(partial.resolve("run"), "half a v2");
        Path strayLink = Files.createSymbolicLink(deployed.resolve(".full.link-77"), Path.of(".full-gone"));

        try (TestNode node = TestNode.builder(dir).plugin("fleet-control", FleetControlPlugin::new).start()) {
            assertThat(node.plugin("fleet-control")).isPresent();
            assertThat(controllerLeftover).doesNotExist();
            assertThat(workerLeftover).doesNotExist();
            assertThat(unrelated).exists();
            assertThat(partial.getParent()).doesNotExist();
            assertThat(Files.exists(strayLink, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
            assertThat(Files.readString(installer.current(BundleType.MINER).resolve("bin/run"))).isEqualTo("v1");
            try (var left = Files.list(deployed)) {
                assertThat(left.toList()).hasSize(2); // the link and the version it points to
            }
        }
    }
}
