package io.quarry.kernel.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the data directory (or, before the first start, the folder it will be made in) is writable, and its free space. */
final class DataDirCheck {

    /** Less than this free is worth a warning: databases, logs and plugin data grow. */
    static final long LOW_SPACE_BYTES = 1L << 30;

    private DataDirCheck() {
    }

    static Finding check(Path dataDir) {
        Path existing = dataDir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            return Finding.fail("data directory", dataDir + ": no folder on the way to it exists");
        }
        if (!Files.isWritable(existing)) {
            return Finding.fail("data directory", existing + (existing.equals(dataDir) ? "" : " (where " + dataDir
                    + " would be made)") + " is not writable by this user; fix its owner or set node.data_dir");
        }
        try {
            long free = Files.getFileStore(existing).getUsableSpace();
            String where = dataDir + (existing.equals(dataDir) ? "" : " (not made yet)");
            String space = String.format("%.1f GiB free", free / (double) (1L << 30));
            return free < LOW_SPACE_BYTES ? Finding.warn("data directory", where + " is writable, only " + space)
                    : Finding.ok("data directory", where + " is writable, " + space);
        } catch (IOException e) {
            return Finding.warn("data directory", dataDir + ": free space unknown (" + e.getMessage() + ")");
        }
    }
}
