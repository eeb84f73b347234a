package io.quarry.fleet.bundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The tar inside a bundle, read and written as a stream. Reading refuses, naming the entry: absolute paths and any
 * {@code ..} segment (path traversal), symbolic and hard links, device, FIFO and every other entry type but a
 * normal file ({@code LF_NORMAL}, {@code LF_OLDNORM}) or directory ({@code LF_DIR}), sparse files, a file larger
 * than the size limit, more than {@link #MAX_ENTRIES} entries or more than the size limit in all, duplicate paths
 * and names with characters outside a safe set. Only regular files and directories pass.
 */
public final class BundleArchive {

    /** Most entries. */
    public static final int MAX_ENTRIES = 4096;

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._+-]{1,100}");
    private static final int MAX_PATH = 255;

    private BundleArchive() {
    }

    /** Takes the regular files of a tar as {@link #read(InputStream, long, EntrySink)} passes them. */
    @FunctionalInterface
    public interface EntrySink {

        /**
         * One checked file: {@code content} yields exactly {@code size} bytes and is valid until this returns.
         *
         * @throws BundleException to refuse the bundle
         */
        void file(String path, boolean executable, long size, InputStream content) throws IOException;
    }

    /**
     * Reads {@code tar} as it arrives and hands each regular file to {@code sink}, refusing the whole bundle at
     * the first bad entry; returns the number of files.
     *
     * @param maxBytes the largest file and the largest sum of all files
     * @throws BundleException naming the entry that was refused
     * @throws IOException when {@code tar} cannot be read or the sink cannot write
     */
    public static int read(InputStream tar, long maxBytes, EntrySink sink) throws IOException {
        Set<String> seen = new HashSet<>();
        long total = 0;
        int count = 0;
        try {
            TarArchiveInputStream in = new TarArchiveInputStream(tar);
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (++count > MAX_ENTRIES) {
                    throw new BundleException("more than " + MAX_ENTRIES + " entries");
                }
                String name = entry.getName();
                if (entry.isSymbolicLink() || entry.isLink()) {
                    throw new BundleException("entry '" + printable(name) + "' is a link; bundles carry regular files only");
                }
                // Judged by the type flag itself: TarArchiveEntry.isFile() also holds for devices and FIFOs.
                byte type = entry.getLinkFlag();
                boolean regular = type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM;
                if (!(regular || type == TarConstants.LF_DIR) || entry.isSparse()) {
                    throw new BundleException("entry '" + printable(name) + "' is not a regular file or directory (type "
                            + (type >= 0x21 && type < 0x7f ? "'" + (char) type + "'" : String.valueOf(type & 0xff)) + ")");
                }
                String path = safePath(name);
                if (entry.isDirectory()) {
                    continue;
                }
                long size = entry.getSize();
                if (size < 0 || size > maxBytes) {
                    throw new BundleException("entry '" + path + "' is " + size + " bytes, more than " + maxBytes);
                }
                total += size;
                if (total > maxBytes) {
                    throw new BundleException("the entries add up to more than " + maxBytes + " bytes");
                }
                if (!seen.add(path)) {
                    throw new BundleException("entry '" + path + "' appears twice");
                }
                CountingInput content = new CountingInput(in, size);
                sink.file(path, (entry.getMode() & 0100) != 0, size, content);
                if (content.drain() != size) {
                    throw new BundleException("entry '" + path + "' is truncated");
                }
            }
        } catch (IllegalArgumentException e) {
            throw new BundleException("not a readable tar archive: " + e.getMessage(), e);
        } catch (IOException e) {
            if (e.getClass() == IOException.class && e.getMessage() != null && !(e.getCause() instanceof IOException)) {
                // commons-compress reports a corrupt archive as a plain IOException with a message.
                throw new BundleException("not a readable tar archive: " + e.getMessage(), e);
            }
            throw e;
        }
        return seen.size();
    }

    /** The regular files of a small in-memory {@code tar}, checked as {@link #read(InputStream, long, EntrySink)} does. */
    public static List<BundleEntry> read(byte[] tar) {
        List<BundleEntry> out = new ArrayList<>();
        try {
            read(new ByteArrayInputStream(tar), tar.length, (path, executable, size, content) ->
                    out.add(new BundleEntry(path, content.readAllBytes(), executable)));
        } catch (IOException e) {
            throw new BundleException("not a readable tar archive: " + e.getMessage(), e);
        }
        return out;
    }

    /** A tar of {@code entries} (for controllers and tests). */
    public static byte[] write(List<BundleEntry> entries) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (Writer out = new Writer(buffer)) {
            for (BundleEntry e : entries) {
                out.add(e.path(), e.content().length, e.executable(), new ByteArrayInputStream(e.content()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** Writes a bundle's tar entry by entry, each file's content streamed from where it is. */
    public static final class Writer implements Closeable {

        private final TarArchiveOutputStream out;

        public Writer(OutputStream target) {
            out = new TarArchiveOutputStream(target);
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        }

        /** Adds a regular file of {@code size} bytes read from {@code content}. */
        public void add(String path, long size, boolean executable, InputStream content) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(safePath(path));
            entry.setSize(size);
            entry.setMode(executable ? 0100700 : 0100600);
            // Whole seconds, the same every time: no PAX header for a fractional time, and the same files make
            // the same tar (and checksum).
            entry.setModTime(0);
            out.putArchiveEntry(entry);
            long copied = content.transferTo(out);
            if (copied != size) {
                throw new IOException("file '" + path + "' has " + copied + " bytes, expected " + size);
            }
            out.closeArchiveEntry();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** One entry's content, at most {@code size} bytes of the archive stream, which it never closes. */
    private static final class CountingInput extends FilterInputStream {

        private long left;
        private long read;

        CountingInput(InputStream in, long size) {
            super(in);
            left = size;
        }

        @Override
        public int read() throws IOException {
            if (left == 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
                read++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
                read += n;
            }
            return n;
        }

        @Override
        public void close() {
        }

        /** Reads what the sink left and returns how many bytes the entry had. */
        long drain() throws IOException {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) > 0) {
                // counted by read
            }
            return read;
        }
    }

    /** The normalised relative path, or a refusal naming the entry. */
    static String safePath(String name) {
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        if (trimmed.isEmpty() || trimmed.length() > MAX_PATH || trimmed.startsWith("/")) {
            throw new BundleException("entry '" + printable(name) + "' has an absolute, empty or too long path");
        }
        for (String segment : trimmed.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new BundleException("entry '" + printable(name) + "' leaves the bundle (path traversal)");
            }
            if (!SEGMENT.matcher(segment).matches()) {
                throw new BundleException("entry '" + printable(name) + "' has an empty segment or characters outside A-Z a-z 0-9 . _ + -");
            }
        }
        return trimmed;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 120; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
