package io.quarry.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void aNewDataDirectoryIsOwnerOnly() throws Exception {
        Path data = dir.resolve("a/b/data");
        DataDirectory.create(data);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
    }

    @Test
    void anOpenDataDirectoryIsTightenedWithALineSayingSo() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(DataDirectory.tighten(data)).hasValueSatisfying(line ->
                assertThat(line).contains(data.toString()).contains("rwxr-xr-x").contains("0700"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(DataDirectory.tighten(data)).isEmpty();
    }

    @Test
    void staleTempFilesAreRemovedButNotTheDatabasesOrOtherFiles() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Path deadWrite = Files.writeString(Files.createDirectories(data.resolve("plugins-data/x"))
                .resolve(".plot.bin.123.tmp"), "half");
        Path blobTemp = Files.writeString(Files.createDirectories(data.resolve("blobs/tmp")).resolve("put-9.tmp"), "x");
        Path keep = Files.writeString(data.resolve("identity.key"), "k");
        Path dbFile = Files.writeString(Files.createDirectories(data.resolve("db")).resolve("LOG.tmp"), "rocks");

        assertThat(StaleTempFiles.clean(data, data.resolve("db"))).containsExactlyInAnyOrder(deadWrite, blobTemp);
        assertThat(deadWrite).doesNotExist();
        assertThat(blobTemp).doesNotExist();
        assertThat(keep).exists();
        assertThat(dbFile).exists();
    }
}
