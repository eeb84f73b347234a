package io.quarry.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.fleet.bundle.BundleArchive;
import io.quarry.fleet.bundle.BundleEntry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteDeployFilesTest {

    @Test
    void packingTheBundleDirectoryIntoAPrivateTarReportsItsProgressOnStandardErrorEndingWithAFinalLine(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("a.toml"), "1234");
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("bin/run"), "123456");
        StringWriter err = new StringWriter();

        Path tar = RemoteCommand.Deploy.tar(dir, new PrintWriter(err));

        try {
            assertThat(BundleArchive.read(Files.readAllBytes(tar))).extracting(BundleEntry::path).containsExactly("a.toml", "bin/run");
            assertThat(Files.getPosixFilePermissions(tar)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE);
            assertThat(err.toString()).contains("bundle files read 100% 10 B/10 B").contains(" done");
        } finally {
            Files.delete(tar);
        }
    }
}
