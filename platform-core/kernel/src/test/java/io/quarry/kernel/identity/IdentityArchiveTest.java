package io.quarry.kernel.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityArchiveTest {

    @TempDir
    Path root;
    Path dataDir;
    Path validKey;

    @BeforeEach
    void setUp() throws IOException {
        dataDir = root.resolve("data");
        Path source = root.resolve("source");
        new IdentityStore(source).create();
        validKey = new IdentityStore(source).keyFile();
    }

    @Test
    void backupThenRestorePreservesNodeIdAndToken() throws IOException {
        Path original = root.resolve("original");
        IdentityStore store = new IdentityStore(original);
        String nodeId = store.create().nodeId();
        String token = store.apiToken();
        Path backup = root.resolve("backup.tar.gz");

        assertThat(IdentityArchive.backup(original, backup)).isEqualTo(nodeId);
        String restored = IdentityArchive.restore(backup, dataDir, false);

        IdentityStore restoredStore = new IdentityStore(dataDir);
        assertThat(restored).isEqualTo(nodeId);
        assertThat(restoredStore.load().nodeId()).isEqualTo(nodeId);
        assertThat(restoredStore.apiToken()).isEqualTo(token);
        assertThat(IdentityStoreTest.mode(backup)).isEqualTo("rw-------");
        assertThat(IdentityStoreTest.mode(restoredStore.directory())).isEqualTo("rwx------");
        assertThat(IdentityStoreTest.mode(restoredStore.keyFile())).isEqualTo("rw-------");
        assertThat(IdentityStoreTest.mode(restoredStore.apiTokenFile())).isEqualTo("rw-------");
        assertThat(leftovers()).containsExactly("identity");
    }

    @Test
    void backupReportsEveryByteItWritesForProgressOutput() throws IOException {
        Path original = root.resolve("original");
        new IdentityStore(original).create();
        Path backup = root.resolve("counted.tar.gz");
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();

        IdentityArchive.backup(original, backup, written::addAndGet);

        assertThat(written.get()).isPositive().isEqualTo(Files.size(backup));
    }

    @Test
    void backupRefusesToOverwriteAnExistingFile() throws IOException {
        new IdentityStore(dataDir).create();
        Path backup = Files.writeString(root.resolve("taken.tar.gz"), "x");

        assertThatThrownBy(() -> IdentityArchive.backup(dataDir, backup))
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void refusesEntryWithDotDot() throws IOException {
        Path archive = archive(file("node.key", Files.readAllBytes(validKey)), file("../evil", bytes("x")));

        assertRefused(archive, "'..'");
        assertThat(root.resolve("evil")).doesNotExist();
    }

    @Test
    void refusesAbsoluteEntry() throws IOException {
        Path outside = Path.of("/tmp/quarry-evil-" + UUID.randomUUID());
        Path archive = archive(file("node.key", Files.readAllBytes(validKey)), file(outside.toString(), bytes("x")));

        assertRefused(archive, "absolute");
        assertThat(outside).doesNotExist();
    }

    @Test
    void refusesSymlinkEntry() throws IOException {
        TarArchiveEntry link = new TarArchiveEntry("node.key", TarConstants.LF_SYMLINK);
        link.setLinkName("/etc/passwd");

        assertRefused(archive(new Spec(link, new byte[0])), "link");
    }

    @Test
    void refusesHardlinkEntry() throws IOException {
        TarArchiveEntry link = new TarArchiveEntry("api-token", TarConstants.LF_LINK);
        link.setLinkName("../../outside");

        assertRefused(archive(file("node.key", Files.readAllBytes(validKey)), new Spec(link, new byte[0])), "link");
    }

    @Test
    void refusesDeviceEntry() throws IOException {
        TarArchiveEntry device = new TarArchiveEntry("node.key", TarConstants.LF_CHR);

        assertRefused(archive(new Spec(device, new byte[0])), "device");
    }

    @Test
    void refusesEntryLargerThanOneMebibyte() throws IOException {
        byte[] huge = new byte[2 << 20]; // zeros: a few KiB once gzipped, like a bomb
        Path archive = archive(file("node.key", huge));

        assertThat(Files.size(archive)).isLessThan(100_000);
        assertRefused(archive, "bytes");
    }

    @Test
    void refusesArchiveWithoutNodeKey() throws IOException {
        assertRefused(archive(file("api-token", bytes("ab".repeat(32) + "\n"))), "no node.key");
    }

    @Test
    void refusesKeyThatDoesNotParse() throws IOException {
        assertRefused(archive(file("node.key", bytes("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))),
                "not a valid key");
    }

    @Test
    void refusesUnexpectedEntry() throws IOException {
        assertRefused(archive(file("node.key", Files.readAllBytes(validKey)), file("authorized_keys", bytes("x"))),
                "unexpected entry");
    }

    @Test
    void refusesSomethingThatIsNotTarGz() throws IOException {
        Path archive = Files.writeString(root.resolve("plain.txt"), "hello");

        assertRefusedWithMessage(archive, "tar.gz");
    }

    @Test
    void acceptsArchiveMadeByHandWithIdentityDirectory() throws IOException {
        TarArchiveEntry dir = new TarArchiveEntry("identity/", TarConstants.LF_DIR);
        Path archive = archive(new Spec(dir, new byte[0]), file("identity/node.key", Files.readAllBytes(validKey)));

        String nodeId = IdentityArchive.restore(archive, dataDir, false);

        assertThat(new IdentityStore(dataDir).load().nodeId()).isEqualTo(nodeId);
    }

    @Test
    void restoreOverExistingIdentityNeedsForce() throws IOException {
        String existing = new IdentityStore(dataDir).create().nodeId();
        Path archive = archive(file("node.key", Files.readAllBytes(validKey)));

        assertThatThrownBy(() -> IdentityArchive.restore(archive, dataDir, false))
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining("an identity already exists (node id " + existing + ")")
                .hasMessageContaining("--force");
        assertThat(new IdentityStore(dataDir).load().nodeId()).isEqualTo(existing);

        String restored = IdentityArchive.restore(archive, dataDir, true);

        assertThat(restored).isNotEqualTo(existing);
        assertThat(new IdentityStore(dataDir).load().nodeId()).isEqualTo(restored);
        assertThat(IdentityStoreTest.mode(new IdentityStore(dataDir).directory())).isEqualTo("rwx------");
    }

    private void assertRefused(Path archive, String reason) throws IOException {
        assertRefusedWithMessage(archive, reason);
        assertThat(Files.readString(validKey)).isNotEmpty();
    }

    private void assertRefusedWithMessage(Path archive, String reason) throws IOException {
        assertThatThrownBy(() -> IdentityArchive.restore(archive, dataDir, false))
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining(reason);
        assertThat(leftovers()).isEmpty();
        try (Stream<Path> files = Files.list(root)) {
            // Only what the test itself made: nothing escaped next to the data directory.
            assertThat(files.map(p -> p.getFileName().toString())).isSubsetOf("source", "archives", "plain.txt");
        }
    }

    /** What is in the data directory (empty when it was never created). */
    private List<String> leftovers() throws IOException {
        if (!Files.exists(dataDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dataDir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private record Spec(TarArchiveEntry entry, byte[] content) {
    }

    private static Spec file(String name, byte[] content) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true); // true: keep a leading '/' as written
        entry.setSize(content.length);
        return new Spec(entry, content);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Path archive(Spec... specs) throws IOException {
        Path dir = Files.createDirectories(root.resolve("archives"));
        Path archive = Files.createTempFile(dir, "hostile", ".tar.gz");
        try (OutputStream out = Files.newOutputStream(archive);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (Spec spec : specs) {
                tar.putArchiveEntry(spec.entry());
                tar.write(spec.content());
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }
}
