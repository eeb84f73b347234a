package io.quarry.kernel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.store.BlobId;
import io.quarry.api.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {

    @TempDir
    Path dir;
    private FileBlobStore blobs;

    @BeforeEach
    void openStore() {
        blobs = new FileBlobStore(dir);
    }

    @Test
    void emptyBlobHasThePublishedBlake3Hash() {
        // BLAKE3 spec test vectors: the hash of the empty input.
        assertThat(blobs.put(new byte[0]).hex())
                .isEqualTo("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
    }

    @Test
    void putThenOpenAndReadReturnTheContent() throws IOException {
        byte[] content = random(1_000_003);

        BlobId id = blobs.put(content);

        assertThat(blobs.contains(id)).isTrue();
        assertThat(blobs.size(id)).contains((long) content.length);
        try (InputStream in = blobs.open(id).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(blobs.read(id, 0, content.length)).hasValueSatisfying(r -> assertThat(r).isEqualTo(content));
    }

    @Test
    void blobLivesUnderTwoLevelsOfHashPrefix() {
        BlobId id = blobs.put(random(100));

        assertThat(blobs.path(id)).isEqualTo(dir.resolve(id.hex().substring(0, 2)).resolve(id.hex().substring(2, 4))
                .resolve(id.hex()));
        assertThat(blobs.path(id)).isRegularFile();
    }

    @Test
    void sameContentIsStoredOnce() throws IOException {
        byte[] content = random(5_000);

        BlobId first = blobs.put(content);
        BlobId second = blobs.put(content.clone());

        assertThat(second).isEqualTo(first);
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(blobs.path(first));
        }
    }

    @Test
    void openDetectsCorruptionAtEndOfStream() throws IOException {
        BlobId id = blobs.put(random(10_000));
        flipByte(blobs.path(id), 5_000);

        try (InputStream in = blobs.open(id).orElseThrow()) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(StoreException.class).hasMessageContaining("corrupt");
        }
    }

    @Test
    void openDetectsCorruptionEvenWhenTheReaderSkips() throws IOException {
        BlobId id = blobs.put(random(10_000));
        flipByte(blobs.path(id), 100);

        try (InputStream in = blobs.open(id).orElseThrow()) {
            assertThatThrownBy(() -> {
                in.skip(5_000);
                in.readAllBytes();
            }).isInstanceOf(StoreException.class);
        }
    }

    @Test
    void readDetectsCorruptionBeforeServingAnyRange() throws IOException {
        BlobId id = blobs.put(random(10_000));
        flipByte(blobs.path(id), 9_999);

        assertThatThrownBy(() -> blobs.read(id, 0, 10)).isInstanceOf(StoreException.class).hasMessageContaining("corrupt");
    }

    @Test
    void readNoticesAFileChangedAfterItWasVerified() throws IOException {
        BlobId id = blobs.put(random(10_000));
        assertThat(blobs.read(id, 0, 10)).isPresent();
        Path file = blobs.path(id);
        FileTime before = Files.getLastModifiedTime(file);

        flipByte(file, 42);
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2_000));

        assertThatThrownBy(() -> blobs.read(id, 0, 10)).isInstanceOf(StoreException.class);
    }

    @Test
    void rangesAtTheEdges() {
        byte[] content = random(1_000);
        BlobId id = blobs.put(content);

        assertThat(blobs.read(id, 0, 0).orElseThrow()).isEmpty();
        assertThat(blobs.read(id, 0, 1).orElseThrow()).containsExactly(content[0]);
        assertThat(blobs.read(id, 999, 10).orElseThrow()).containsExactly(content[999]);
        assertThat(blobs.read(id, 1_000, 10).orElseThrow()).isEmpty();
        assertThat(blobs.read(id, 500, 1_000).orElseThrow()).isEqualTo(Arrays.copyOfRange(content, 500, 1_000));
        assertThat(blobs.read(id, 10, 20).orElseThrow()).isEqualTo(Arrays.copyOfRange(content, 10, 30));
    }

    @Test
    void rejectsBadRangeArguments() {
        BlobId id = blobs.put(random(100));

        assertThatThrownBy(() -> blobs.read(id, -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> blobs.read(id, 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> blobs.read(id, 101, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("past the end");
    }

    @Test
    void absentBlobIsEmptyEverywhere() {
        BlobId id = BlobId.of(new byte[32]);

        assertThat(blobs.contains(id)).isFalse();
        assertThat(blobs.size(id)).isEmpty();
        assertThat(blobs.open(id)).isEmpty();
        assertThat(blobs.read(id, 0, 1)).isEmpty();
        assertThat(blobs.delete(id)).isFalse();
    }

    @Test
    void deleteRemovesTheBlob() {
        BlobId id = blobs.put(random(100));

        assertThat(blobs.delete(id)).isTrue();

        assertThat(blobs.contains(id)).isFalse();
        assertThat(blobs.open(id)).isEmpty();
    }

    @Test
    void failedPutLeavesNoFileBehind() throws IOException {
        InputStream failing = new InputStream() {
            private int left = 100_000;

            @Override
            public int read() throws IOException {
                if (--left < 0) {
                    throw new IOException("source broke");
                }
                return 7;
            }
        };

        assertThatThrownBy(() -> blobs.put(failing)).isInstanceOf(StoreException.class).hasMessageContaining("source broke");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void putHealsAStoredCopyOfTheWrongSize() throws IOException {
        byte[] content = random(1_000);
        BlobId id = blobs.put(content);
        Files.write(blobs.path(id), Arrays.copyOf(content, 500)); // torn copy

        assertThat(blobs.put(content)).isEqualTo(id);

        assertThat(blobs.read(id, 0, 1_000)).hasValueSatisfying(r -> assertThat(r).isEqualTo(content));
    }

    private static void flipByte(Path file, int position) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            bytes[position] ^= 0x01;
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
