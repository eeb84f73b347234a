package io.quarry.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.fleet.bundle.BundleArchive;
import io.quarry.fleet.bundle.BundleEntry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.stream.Stream;
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

    @Test
    void theTemporaryTarIsDeletedWhateverStopsThePacking(@TempDir Path dir, @TempDir Path temp) throws Exception {
        Files.writeString(dir.resolve("a.toml"), "1234");
        // Reporting progress fails with an unchecked exception, neither an I/O nor a bundle error.
        PrintWriter broken = new PrintWriter(new StringWriter()) {
            @Override
            public void write(String text, int offset, int length) {
                throw new IllegalStateException("terminal gone");
            }
        };

        assertThatThrownBy(() -> RemoteCommand.Deploy.tar(dir, broken, temp)).isInstanceOf(IllegalStateException.class);

        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left.toList()).isEmpty();
        }
    }

    @Test
    void theTemporaryTarIsDeletedWhenAFileIsRefused(@TempDir Path dir, @TempDir Path temp) throws Exception {
        Files.writeString(dir.resolve("a.toml"), "1234");
        Files.writeString(dir.resolve("bad name"), "space in the name");

        assertThatThrownBy(() -> RemoteCommand.Deploy.tar(dir, new PrintWriter(new StringWriter()), temp))
                .isInstanceOf(CliException.class).hasMessageContaining("bad name");

        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left.toList()).isEmpty();
        }
    }
}
