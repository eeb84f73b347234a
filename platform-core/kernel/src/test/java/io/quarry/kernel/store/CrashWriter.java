package io.quarry.kernel.store;

import io.quarry.api.store.BlobId;
import io.quarry.api.store.KeyValueStore;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

/**
 * The child process of {@link CrashRecoveryTest}: writes forever and prints {@code acked <n>} (and for blobs
 * the id) after each write returns, until the parent kills it with SIGKILL. Never closes anything, on purpose.
 */
public final class CrashWriter {

    static final String COLUMN_FAMILY = "crash";

    private CrashWriter() {
    }

    public static void main(String[] args) {
        String mode = args[0];
        Path dir = Path.of(args[1]);
        PrintStream out = System.out;
        if (mode.equals("kv")) {
            KeyValueStore store = RocksDatabase.open(dir, false).columnFamily(COLUMN_FAMILY);
            for (long n = 0; ; n++) {
                store.put(key(n), value(n));
                out.println("acked " + n);
                out.flush();
            }
        }
        FileBlobStore blobs = new FileBlobStore(dir);
        for (int n = 0; ; n++) {
            BlobId id = blobs.put(blob(n));
            out.println("acked " + n + " " + id.hex());
            out.flush();
        }
    }

    static byte[] key(long n) {
        return ByteBuffer.allocate(Long.BYTES).putLong(n).array();
    }

    static byte[] value(long n) {
        return ("value-" + n).repeat(8).getBytes(StandardCharsets.US_ASCII);
    }

    /** Deterministic content for blob n, 1-33 KiB, so the parent can check every byte. */
    static byte[] blob(int n) {
        Random random = new Random(n);
        byte[] content = new byte[1024 + random.nextInt(32 * 1024)];
        random.nextBytes(content);
        return content;
    }
}
