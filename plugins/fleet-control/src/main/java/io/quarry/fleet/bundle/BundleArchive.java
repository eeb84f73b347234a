package io.quarry.fleet.bundle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * The tar inside a bundle. Reading refuses, naming the entry: absolute paths and any {@code ..} segment (path
 * traversal), symbolic and hard links, device, FIFO and every other entry type but a normal file
 * ({@code LF_NORMAL}, {@code LF_OLDNORM}) or directory ({@code LF_DIR}), sparse files, entries over {@link #MAX_ENTRY_BYTES}, more than
 * {@link #MAX_ENTRIES} entries or {@link BundleCrypto#MAX_BUNDLE_BYTES} in all, duplicate paths and names
 * with characters outside a safe set. Only regular files and directories pass.
 */
public final class BundleArchive {

    /** Largest single file. */
    public static final int MAX_ENTRY_BYTES = 512 * 1024;
    /** Most entries. */
    public static final int MAX_ENTRIES = 256;

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._+-]{1,100}");
    private static final int MAX_PATH = 255;

    private BundleArchive() {
    }

    /** The regular files of {@code tar}, checked. */
    public static List<BundleEntry> read(byte[] tar) {
        List<BundleEntry> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long total = 0;
        int count = 0;
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
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
                if (entry.getSize() > MAX_ENTRY_BYTES) {
                    throw new BundleException("entry '" + path + "' is " + entry.getSize() + " bytes, more than "
                            + MAX_ENTRY_BYTES);
                }
                total += entry.getSize();
                if (total > BundleCrypto.MAX_BUNDLE_BYTES) {
                    throw new BundleException("the entries add up to more than " + BundleCrypto.MAX_BUNDLE_BYTES + " bytes");
                }
                if (!seen.add(path)) {
                    throw new BundleException("entry '" + path + "' appears twice");
                }
                byte[] content = in.readNBytes(MAX_ENTRY_BYTES + 1);
                if (content.length != entry.getSize()) {
                    throw new BundleException("entry '" + path + "' is truncated");
                }
                out.add(new BundleEntry(path, content, (entry.getMode() & 0100) != 0));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new BundleException("not a readable tar archive: " + e.getMessage(), e);
        }
        return out;
    }

    /** A tar of {@code entries} (for controllers and tests). */
    public static byte[] write(List<BundleEntry> entries) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(buffer)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (BundleEntry e : entries) {
                TarArchiveEntry entry = new TarArchiveEntry(safePath(e.path()));
                entry.setSize(e.content().length);
                entry.setMode(e.executable() ? 0100700 : 0100600);
                out.putArchiveEntry(entry);
                out.write(e.content());
                out.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
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
