package io.quarry.fleet.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.identity.Identity;
import io.quarry.fleet.IdentityProbe;
import io.quarry.testing.HostileInput;
import io.quarry.testkit.TestNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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

    private static final long LIMIT = 8L << 20;

    private DeployHeader header(BundleType type, byte[] plain) {
        return BundleCrypto.header(controller, worker.nodeId(), type, plain.length, BundleCrypto.sha256Hex(plain));
    }

    private byte[] seal(DeployHeader header, byte[] plain) throws Exception {
        try (InputStream sealed = BundleCrypto.seal(controller, worker.nodeId(), header, new ByteArrayInputStream(plain))) {
            return sealed.readAllBytes();
        }
    }

    private byte[] open(Identity at, String from, DeployHeader header, byte[] body) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleCrypto.open(at, from, header, new ByteArrayInputStream(body), out, LIMIT);
        return out.toByteArray();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aSealedBundleOpensOnlyAtItsWorkerFromItsController() throws Exception {
        DeployHeader header = header(BundleType.FULL, tar());
        byte[] body = seal(header, tar());

        assertThat(open(worker, controller.nodeId(), header, body)).isEqualTo(tar());
        assertThat(new String(body, StandardCharsets.ISO_8859_1)).doesNotContain("threads");
        assertThatThrownBy(() -> open(other, controller.nodeId(), header, body))
                .isInstanceOf(BundleException.class).hasMessageContaining("signature");
        assertThatThrownBy(() -> open(worker, other.nodeId(), header, body))
                .isInstanceOf(BundleException.class).hasMessageContaining("signature");
    }

    @Test
    void bundlesOfEveryChunkShapeRoundTrip() throws Exception {
        int chunk = ChunkedAead.CHUNK_BYTES;
        for (int size : new int[] {0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk, 5 * chunk + 17}) {
            byte[] plain = random(size, size);
            DeployHeader header = header(BundleType.MINER, plain);
            byte[] body = seal(header, plain);
            assertThat(body).as("size %d", size).hasSize((int) ChunkedAead.sealedSize(size));
            assertThat(open(worker, controller.nodeId(), header, body)).as("size %d", size).isEqualTo(plain);
        }
    }

    @Test
    void tamperedTruncatedReorderedAndExtendedStreamsAreRefused() throws Exception {
        int chunk = ChunkedAead.CHUNK_BYTES;
        byte[] plain = random(3 * chunk + 100, 7);
        DeployHeader header = header(BundleType.MINER, plain);
        byte[] body = seal(header, plain);
        int frame = 4 + chunk + ChunkedAead.TAG_BYTES;

        byte[] flipped = body.clone();
        flipped[frame + 100] ^= 1;
        assertThatThrownBy(() -> open(worker, controller.nodeId(), header, flipped))
                .isInstanceOf(BundleException.class).hasMessageContaining("chunk 1 failed authentication");
        // Cut at a chunk boundary, inside a chunk, and inside a length prefix.
        for (int cut : new int[] {frame, 2 * frame + 10, 3 * frame + 2, body.length - 1}) {
            assertThatThrownBy(() -> open(worker, controller.nodeId(), header, Arrays.copyOf(body, cut)))
                    .as("cut at %d", cut).isInstanceOf(BundleException.class).hasMessageContaining("truncated");
        }
        byte[] swapped = body.clone();
        System.arraycopy(body, 0, swapped, frame, frame);
        System.arraycopy(body, frame, swapped, 0, frame);
        assertThatThrownBy(() -> open(worker, controller.nodeId(), header, swapped))
                .isInstanceOf(BundleException.class).hasMessageContaining("chunk 0 failed authentication");
        byte[] longer = Arrays.copyOf(body, body.length + 1);
        assertThatThrownBy(() -> open(worker, controller.nodeId(), header, longer))
                .isInstanceOf(BundleException.class).hasMessageContaining("after its final chunk");
        // A stream of three full chunks passed off as a bundle of that size under a new signed header: every chunk's
        // associated data binds the size, so the first chunk fails already.
        DeployHeader shorter = BundleCrypto.header(controller, worker.nodeId(), BundleType.MINER, 3L * chunk,
                BundleCrypto.sha256Hex(Arrays.copyOf(plain, 3 * chunk)));
        byte[] threeChunks = Arrays.copyOf(body, 3 * frame);
        assertThatThrownBy(() -> open(worker, controller.nodeId(), shorter, threeChunks))
                .isInstanceOf(BundleException.class).hasMessageContaining("chunk 0 failed authentication");
    }

    @Test
    void aNonFinalChunkCannotEndAStreamEvenUnderTheSameKeyAndAssociatedData() throws Exception {
        int chunk = ChunkedAead.CHUNK_BYTES;
        byte[] key = random(32, 9);
        byte[] aad = "same binding".getBytes(StandardCharsets.US_ASCII);
        byte[] plain = random(3 * chunk + 10, 10);
        byte[] body;
        try (InputStream sealed = new ChunkedAead.Sealing(key.clone(), aad, plain.length, new ByteArrayInputStream(plain))) {
            body = sealed.readAllBytes();
        }
        int frame = 4 + chunk + ChunkedAead.TAG_BYTES;
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // Only the final-chunk flag in the nonce tells the third chunk's seal from a final one.
        assertThatThrownBy(() -> ChunkedAead.open(key.clone(), aad, 3L * chunk,
                new ByteArrayInputStream(Arrays.copyOf(body, 3 * frame)), out))
                .isInstanceOf(BundleException.class).hasMessageContaining("chunk 2 failed authentication");
        assertThat(out.toByteArray()).isEqualTo(Arrays.copyOf(plain, 2 * chunk));
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        ChunkedAead.open(key.clone(), aad, plain.length, new ByteArrayInputStream(body), whole);
        assertThat(whole.toByteArray()).isEqualTo(plain);
    }

    @Test
    void aChangedHeaderIsRefusedByItsSignature() throws Exception {
        byte[] plain = tar();
        DeployHeader h = header(BundleType.FULL, plain);
        byte[] body = seal(h, plain);
        byte[] salt = h.salt().clone();
        salt[0] ^= 1;
        for (DeployHeader changed : List.of(
                new DeployHeader(BundleType.PROFILE, h.size(), h.checksum(), h.salt(), h.signature()),
                new DeployHeader(h.type(), h.size() + 1, h.checksum(), h.salt(), h.signature()),
                new DeployHeader(h.type(), h.size(), BundleCrypto.sha256Hex(new byte[] {1}), h.salt(), h.signature()),
                new DeployHeader(h.type(), h.size(), h.checksum(), salt, h.signature()))) {
            assertThatThrownBy(() -> open(worker, controller.nodeId(), changed, body))
                    .isInstanceOf(BundleException.class).hasMessageContaining("signature");
        }
    }

    @Test
    void aBundleOverTheLimitIsRefusedBeforeItsBodyIsRead() throws Exception {
        byte[] plain = random(1000, 3);
        DeployHeader header = header(BundleType.MINER, plain);
        InputStream body = new ByteArrayInputStream(seal(header, plain));

        assertThatThrownBy(() -> BundleCrypto.open(worker, controller.nodeId(), header, body, new ByteArrayOutputStream(), 999))
                .isInstanceOf(BundleTooLargeException.class).hasMessageContaining("1000 bytes", "max_bundle_bytes (999)");
        assertThat(body.available()).isEqualTo((int) ChunkedAead.sealedSize(1000));
    }

    @Test
    void hostileStreamsAreRefusedNeverThrownThroughAndNothingUnauthenticatedIsWritten() throws Exception {
        byte[] plain = random(2 * ChunkedAead.CHUNK_BYTES + 50, 11);
        DeployHeader header = header(BundleType.FULL, plain);
        byte[] body = seal(header, plain);
        int cases = HostileInput.cases(200);
        for (int i = 0; i < cases; i++) {
            HostileInput in = HostileInput.forCase(i);
            byte[] hostile = in.oneOf(in.mutate(List.of(body)), in.noise(4000), in.mutate(List.of(Arrays.copyOf(body, 4))));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                BundleCrypto.open(worker, controller.nodeId(), header, new ByteArrayInputStream(hostile), out, LIMIT);
                assertThat(hostile).isEqualTo(body);
            } catch (BundleException expected) {
                assertThat(expected.getMessage()).isNotBlank();
                // Only whole authenticated chunks of the real bundle ever reach the output.
                assertThat(out.size() % ChunkedAead.CHUNK_BYTES).isZero();
                assertThat(out.toByteArray()).isEqualTo(Arrays.copyOf(plain, out.size()));
            }
        }
    }

    @Test
    void aSpoolHoldsTheTarOnDiskWithItsChecksumAndRefusesToGrowPastItsLimit(@TempDir Path dir) throws Exception {
        byte[] big = random(300_000, 5);
        try (BundleSpool spool = BundleSpool.create(dir, 1L << 20)) {
            spool.add("bin/big", big.length, true, new ByteArrayInputStream(big));
            spool.addAll(new ByteArrayInputStream(tar()));
            assertThatThrownBy(() -> spool.add("bin/big", 1, false, new ByteArrayInputStream(new byte[1])))
                    .isInstanceOf(BundleException.class).hasMessageContaining("twice");
            spool.finish();
            assertThat(Files.getPosixFilePermissions(spool.file())).containsExactlyInAnyOrder(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(spool.size()).isEqualTo(Files.size(spool.file()));
            assertThat(spool.checksum()).isEqualTo(BundleCrypto.sha256Hex(Files.readAllBytes(spool.file())));
            assertThat(BundleArchive.read(Files.readAllBytes(spool.file()))).extracting(BundleEntry::path)
                    .containsExactly("bin/big", "profiles/fast.json", "bin/miner");
        }
        try (BundleSpool spool = BundleSpool.create(dir, 200_000)) {
            assertThatThrownBy(() -> spool.add("bin/miner", big.length, true, new ByteArrayInputStream(big)))
                    .isInstanceOf(BundleTooLargeException.class);
        }
        try (BundleSpool spool = BundleSpool.create(dir, 1L << 20)) {
            assertThatThrownBy(() -> spool.addAll(new ByteArrayInputStream(rawTar("../x", TarArchiveEntry.LF_NORMAL, 1, null))))
                    .isInstanceOf(BundleException.class).hasMessageContaining("path traversal");
        }
        try (var left = Files.list(dir)) {
            assertThat(left.toList()).as("spools are deleted when closed").isEmpty();
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
        byte[] big = rawTar("big", TarArchiveEntry.LF_NORMAL, 5000, null);
        assertThatThrownBy(() -> BundleArchive.read(new ByteArrayInputStream(big), 4999, (p, x, n, c) -> { }))
                .isInstanceOf(BundleException.class).hasMessageContaining("'big' is 5000 bytes, more than 4999");
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
    void installedFilesAndDirectoriesAreNeverReadableByOthersEvenWhileBeingWritten(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("deployed");
        byte[] big = new byte[256 * 1024];
        new Random(3).nextBytes(big);
        byte[] tar = BundleArchive.write(List.of(
                new BundleEntry("etc/a.conf", "x".getBytes(StandardCharsets.UTF_8), false),
                new BundleEntry("bin/deep/miner", big, true)));
        List<String> seen = new java.util.ArrayList<>();
        // Half-way through the big file's content, look at everything written so far.
        InputStream watched = new java.io.FilterInputStream(new ByteArrayInputStream(tar)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                if (seen.isEmpty() && read > tar.length / 2) {
                    try (var walk = Files.walk(root)) {
                        for (Path p : walk.toList()) {
                            seen.add(root.relativize(p) + " " + mode(p));
                        }
                    }
                }
                return n;
            }
        };

        new BundleInstaller(root).install(BundleType.MINER, watched, Long.MAX_VALUE, (d, paths) -> { });

        assertThat(seen).anyMatch(line -> line.matches("\\.miner-[^/]*/bin/deep/miner .*"));
        assertThat(seen).allMatch(line -> line.endsWith("------"), "no group or other bits");
        Path installed = root.resolve("miner");
        assertThat(mode(installed.resolve("etc/a.conf"))).isEqualTo("rw-------");
        assertThat(mode(installed.resolve("bin/deep/miner"))).isEqualTo("rwx------");
        assertThat(mode(installed.resolve("bin/deep"))).isEqualTo("rwx------");
        assertThat(mode(installed.toRealPath())).isEqualTo("rwx------");
        assertThat(mode(root)).isEqualTo("rwx------");
    }

    private static String mode(Path path) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
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
