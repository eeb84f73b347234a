package io.quarry.fleet.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.identity.Identity;
import io.quarry.fleet.IdentityProbe;
import io.quarry.testing.HostileInput;
import io.quarry.testkit.TestNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Deploy bundles between two real node identities: sealing, every refusal, and atomic installation. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BundleTest {

    private TestNode controllerNode;
    private TestNode workerNode;
    private TestNode otherNode;
    private Identity controller;
    private Identity worker;
    private Identity other;

    @BeforeAll
    void start(@TempDir Path dir) {
        IdentityProbe a = new IdentityProbe();
        IdentityProbe b = new IdentityProbe();
        IdentityProbe c = new IdentityProbe();
        controllerNode = TestNode.builder(dir.resolve("c")).plugin("probe", () -> a).start();
        workerNode = TestNode.builder(dir.resolve("w")).plugin("probe", () -> b).start();
        otherNode = TestNode.builder(dir.resolve("o")).plugin("probe", () -> c).start();
        controller = a.context().identity();
        worker = b.context().identity();
        other = c.context().identity();
    }

    @AfterAll
    void stop() {
        for (TestNode n : new TestNode[] {controllerNode, workerNode, otherNode}) {
            if (n != null) {
                n.close();
            }
        }
    }

    private static byte[] tar() {
        return BundleArchive.write(List.of(new BundleEntry("profiles/fast.json", "{\"threads\":2}".getBytes(StandardCharsets.UTF_8), false),
                new BundleEntry("bin/miner", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), true)));
    }

    @Test
    void aSealedBundleOpensOnlyAtItsWorkerFromItsController() {
        DeployPayload sealed = BundleCrypto.seal(controller, worker.nodeId(), BundleType.FULL, tar());

        assertThat(BundleCrypto.open(worker, controller.nodeId(), sealed)).isEqualTo(tar());
        assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("threads");
        assertThatThrownBy(() -> BundleCrypto.open(other, controller.nodeId(), sealed))
                .isInstanceOf(BundleException.class).hasMessageContaining("signature");
        assertThatThrownBy(() -> BundleCrypto.open(worker, other.nodeId(), sealed))
                .isInstanceOf(BundleException.class).hasMessageContaining("signature");
    }

    @Test
    void tamperingWithAnyPartIsRefused() {
        DeployPayload sealed = BundleCrypto.seal(controller, worker.nodeId(), BundleType.FULL, tar());
        byte[] flipped = sealed.ciphertext().clone();
        flipped[flipped.length / 2] ^= 1;
        byte[] nonce = sealed.nonce().clone();
        nonce[0] ^= 1;

        assertThatThrownBy(() -> BundleCrypto.open(worker, controller.nodeId(),
                new DeployPayload(sealed.type(), sealed.checksum(), sealed.nonce(), flipped, sealed.signature())))
                .isInstanceOf(BundleException.class).hasMessageContaining("tampered");
        assertThatThrownBy(() -> BundleCrypto.open(worker, controller.nodeId(),
                new DeployPayload(sealed.type(), sealed.checksum(), nonce, sealed.ciphertext(), sealed.signature())))
                .isInstanceOf(BundleException.class).hasMessageContaining("tampered");
        assertThatThrownBy(() -> BundleCrypto.open(worker, controller.nodeId(),
                new DeployPayload(BundleType.PROFILE, sealed.checksum(), sealed.nonce(), sealed.ciphertext(), sealed.signature())))
                .isInstanceOf(BundleException.class).hasMessageContaining("signature");
        String otherChecksum = BundleCrypto.sha256Hex(new byte[] {1});
        assertThatThrownBy(() -> BundleCrypto.open(worker, controller.nodeId(),
                new DeployPayload(sealed.type(), otherChecksum, sealed.nonce(), sealed.ciphertext(), sealed.signature())))
                .isInstanceOf(BundleException.class).hasMessageContaining("signature");
    }

    @Test
    void hostileCiphertextsAreRefusedNeverThrownThrough() {
        DeployPayload sealed = BundleCrypto.seal(controller, worker.nodeId(), BundleType.FULL, tar());
        int cases = HostileInput.cases(200);
        for (int i = 0; i < cases; i++) {
            HostileInput in = HostileInput.forCase(i);
            DeployPayload hostile = new DeployPayload(sealed.type(), sealed.checksum(), in.oneOf(sealed.nonce(), in.noise(16)),
                    in.mutate(List.of(sealed.ciphertext())), in.oneOf(sealed.signature(), in.noise(64)));
            try {
                BundleCrypto.open(worker, controller.nodeId(), hostile);
                assertThat(hostile.ciphertext()).isEqualTo(sealed.ciphertext());
            } catch (BundleException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void traversalLinksOversizeAndDuplicatesAreRefused() throws Exception {
        assertThatThrownBy(() -> BundleArchive.read(rawTar("../evil", TarArchiveEntry.LF_NORMAL, 3, null)))
                .isInstanceOf(BundleException.class).hasMessageContaining("path traversal");
        assertThatThrownBy(() -> BundleArchive.read(rawTar("a/../../evil", TarArchiveEntry.LF_NORMAL, 3, null)))
                .isInstanceOf(BundleException.class).hasMessageContaining("path traversal");
        assertThatThrownBy(() -> BundleArchive.read(rawTar("/etc/passwd", TarArchiveEntry.LF_NORMAL, 3, null)))
                .isInstanceOf(BundleException.class).hasMessageContaining("absolute");
        assertThatThrownBy(() -> BundleArchive.read(rawTar("link", TarArchiveEntry.LF_SYMLINK, 0, "/etc/passwd")))
                .isInstanceOf(BundleException.class).hasMessageContaining("link");
        assertThatThrownBy(() -> BundleArchive.read(rawTar("hard", TarArchiveEntry.LF_LINK, 0, "other")))
                .isInstanceOf(BundleException.class).hasMessageContaining("link");
        assertThatThrownBy(() -> BundleArchive.read(rawTar("big", TarArchiveEntry.LF_NORMAL, BundleArchive.MAX_ENTRY_BYTES + 1, null)))
                .isInstanceOf(BundleException.class).hasMessageContaining("more than");
        byte[] twice = BundleArchive.write(List.of(new BundleEntry("a", new byte[1], false), new BundleEntry("b", new byte[1], false)));
        byte[] renamed = new String(twice, StandardCharsets.ISO_8859_1).replaceFirst("b\u0000", "a\u0000").getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> BundleArchive.read(fixChecksums(renamed))).isInstanceOf(BundleException.class)
                .hasMessageContaining("twice");
        int cases = HostileInput.cases(200);
        for (int i = 0; i < cases; i++) {
            byte[] hostile = HostileInput.forCase(i).mutate(List.of(tar()));
            try {
                BundleArchive.read(hostile);
            } catch (BundleException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void installationIsAtomicAndAFailedOneLeavesThePreviousBundle(@TempDir Path root) throws Exception {
        BundleInstaller installer = new BundleInstaller(root);
        installer.install(BundleType.MINER, List.of(new BundleEntry("bin/miner", "v1".getBytes(StandardCharsets.UTF_8), true)));
        Path current = installer.current(BundleType.MINER);
        assertThat(Files.readString(current.resolve("bin/miner"))).isEqualTo("v1");
        assertThat(Files.isExecutable(current.resolve("bin/miner"))).isTrue();

        // The second entry's parent is an existing file: writing it fails half-way through the bundle.
        assertThatThrownBy(() -> installer.install(BundleType.MINER, List.of(
                new BundleEntry("bin/miner", "v2".getBytes(StandardCharsets.UTF_8), true),
                new BundleEntry("bin/miner/inner", new byte[1], false))))
                .isInstanceOf(BundleException.class).hasMessageContaining("previous one stays");
        assertThat(Files.readString(current.resolve("bin/miner"))).isEqualTo("v1");

        installer.install(BundleType.MINER, List.of(new BundleEntry("bin/miner", "v3".getBytes(StandardCharsets.UTF_8), false)));
        assertThat(Files.readString(current.resolve("bin/miner"))).isEqualTo("v3");
        try (var listing = Files.list(root)) {
            // The link, its one version directory, nothing left over from the failure or v1.
            assertThat(listing.map(p -> p.getFileName().toString()).filter(n -> !n.equals("miner")).toList()).hasSize(1);
        }
    }

    @Test
    void devicesFifosAndOtherSpecialEntriesAreRefusedAndOnlyNormalFilesAndDirectoriesPass() throws Exception {
        byte[] special = {TarArchiveEntry.LF_CHR, TarArchiveEntry.LF_BLK, TarArchiveEntry.LF_FIFO,
                TarArchiveEntry.LF_CONTIG, (byte) 'Z'};
        for (byte type : special) {
            assertThatThrownBy(() -> BundleArchive.read(rawTar("miner/dev", type, 0, null)))
                    .as("type %c", (char) type).isInstanceOf(BundleException.class)
                    .hasMessageContaining("'miner/dev' is not a regular file or directory");
        }
        // A device hidden after a good file still refuses the whole archive.
        byte[] good = BundleArchive.write(List.of(new BundleEntry("miner/run", new byte[] {1, 2}, true)));
        byte[] fifo = rawTar("miner/pipe", TarArchiveEntry.LF_FIFO, 0, null);
        byte[] both = new byte[good.length + fifo.length];
        int goodEnd = good.length - 1024;
        while (goodEnd > 0 && isZero(good, goodEnd - 512)) {
            goodEnd -= 512;
        }
        System.arraycopy(good, 0, both, 0, goodEnd);
        System.arraycopy(fifo, 0, both, goodEnd, fifo.length);
        assertThatThrownBy(() -> BundleArchive.read(both)).isInstanceOf(BundleException.class)
                .hasMessageContaining("miner/pipe");

        assertThat(BundleArchive.read(rawTar("old", TarArchiveEntry.LF_OLDNORM, 3, null))).singleElement()
                .satisfies(e -> assertThat(e.path()).isEqualTo("old"));
        assertThat(BundleArchive.read(rawTar("dir/", TarArchiveEntry.LF_DIR, 0, null))).isEmpty();
    }

    private static boolean isZero(byte[] bytes, int from) {
        for (int i = from; i < from + 512; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] rawTar(String name, byte linkFlag, int size, String linkTarget) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(buffer)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry entry = new TarArchiveEntry(name, linkFlag, true);
            if (linkTarget != null) {
                entry.setLinkName(linkTarget);
            }
            entry.setSize(size);
            out.putArchiveEntry(entry);
            out.write(new byte[size]);
            out.closeArchiveEntry();
        }
        return buffer.toByteArray();
    }

    /** Recomputes the header checksum of every 512-byte header block after a test edited a name. */
    private static byte[] fixChecksums(byte[] tar) {
        for (int off = 0; off + 512 <= tar.length; off += 512) {
            if (tar[off] == 0) {
                continue;
            }
            boolean header = tar[off + 257] == 'u' && tar[off + 258] == 's' && tar[off + 259] == 't';
            if (!header) {
                continue;
            }
            for (int i = 148; i < 156; i++) {
                tar[off + i] = ' ';
            }
            long sum = 0;
            for (int i = 0; i < 512; i++) {
                sum += tar[off + i] & 0xff;
            }
            byte[] octal = String.format("%06o\u0000 ", sum).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(octal, 0, tar, off + 148, 8);
        }
        return tar;
    }
}
