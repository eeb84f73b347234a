package io.quarry.randomx.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster secret file: 64 hex characters, owner-only, never printed; the HMAC it keys. */
class ClusterSecretTest {

    @TempDir
    Path dir;

    private Path write(String text, String mode) throws Exception {
        Path file = dir.resolve("secret-" + System.nanoTime());
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void loadsAFileWithATrailingNewline() throws Exception {
        ClusterSecret made = ClusterSecret.generate();
        assertThat(ClusterSecret.load(write(made.toHex() + "\n", "rw-------"))).isEqualTo(made);
        assertThat(made.toHex()).hasSize(64).matches("[0-9a-f]+");
        assertThat(made.toString()).doesNotContain(made.toHex());
    }

    @Test
    void refusesAFileOthersCanRead() throws Exception {
        Path file = write(ClusterSecret.generate().toHex(), "rw-r--r--");
        assertThatThrownBy(() -> ClusterSecret.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("readable by others").hasMessageContaining("chmod 600");
    }

    @Test
    void refusesMissingShortAndNonHexFilesWithoutEchoingThem() throws Exception {
        assertThatThrownBy(() -> ClusterSecret.load(dir.resolve("absent")))
                .hasMessageContaining("does not exist").hasMessageContaining("quarry randomx cluster secret");
        assertThatThrownBy(() -> ClusterSecret.load(write("abcd", "rw-------")))
                .hasMessageContaining("64 hex characters, found 4");
        String notHex = "z".repeat(64);
        assertThatThrownBy(() -> ClusterSecret.load(write(notHex, "rw-------")))
                .hasMessageContaining("not all hex").hasMessageNotContaining(notHex);
    }

    @Test
    void macDependsOnKeyAndOnHowPartsAreSplit() {
        ClusterSecret a = ClusterSecret.ofHex("00".repeat(32));
        ClusterSecret b = ClusterSecret.ofHex("01".repeat(32));
        byte[] tag = a.mac(new byte[] {1, 2}, new byte[] {3});
        assertThat(tag).hasSize(ClusterSecret.MAC_BYTES);
        assertThat(a.verify(tag, new byte[] {1, 2}, new byte[] {3})).isTrue();
        assertThat(a.verify(tag, new byte[] {1}, new byte[] {2, 3})).as("length-prefixed parts").isFalse();
        assertThat(b.verify(tag, new byte[] {1, 2}, new byte[] {3})).isFalse();
        assertThat(a.verify(null, new byte[] {1, 2}, new byte[] {3})).isFalse();
    }
}
