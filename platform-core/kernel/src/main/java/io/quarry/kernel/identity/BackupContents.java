package io.quarry.kernel.identity;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The validated content of an identity backup, read wholly into memory before anything touches the disk.
 * An archive comes from outside, so it is treated as hostile: only plain files with known names, no paths
 * that could leave the target, no entry above {@link #MAX_ENTRY_BYTES}, at most {@link #MAX_ENTRIES}
 * entries (both bound what a gzip bomb can make us inflate).
 *
 * @param keyPem node.key as stored
 * @param apiToken api-token as stored, if the archive has one
 * @param identity the identity node.key parses to
 */
record BackupContents(byte[] keyPem, Optional<byte[]> apiToken, NodeIdentity identity) {

    static final String MANIFEST = "MANIFEST";
    static final int MAX_ENTRY_BYTES = 1 << 20;
    static final int MAX_ENTRIES = 16;
    private static final Set<String> KNOWN = Set.of(IdentityStore.KEY_FILE, IdentityStore.API_TOKEN_FILE, MANIFEST);
    private static final Path VIRTUAL_ROOT = Path.of("/quarry-restore-target");

    /** Reads and validates {@code archive}; throws {@link IdentityException} naming the first problem. */
    static BackupContents read(Path archive) {
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
            int entries = 0;
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (++entries > MAX_ENTRIES) {
                    throw refuse(archive, "it has more than " + MAX_ENTRIES + " entries");
                }
                String name = checkedName(entry, archive);
                if (name == null) {
                    continue;
                }
                if (entry.getSize() > MAX_ENTRY_BYTES) {
                    throw refuse(archive, "entry '" + entry.getName() + "' is " + entry.getSize()
                            + " bytes, more than the " + MAX_ENTRY_BYTES + " an identity file can be");
                }
                byte[] content = tar.readNBytes(MAX_ENTRY_BYTES + 1);
                if (content.length > MAX_ENTRY_BYTES) {
                    throw refuse(archive, "entry '" + entry.getName() + "' is larger than " + MAX_ENTRY_BYTES + " bytes");
                }
                if (files.put(name, content) != null) {
                    throw refuse(archive, "it holds " + name + " twice");
                }
            }
        } catch (IOException e) {
            throw new IdentityException("cannot read " + archive + " as a tar.gz identity backup: " + e, e);
        }
        return validate(archive, files);
    }

    /** The file name an entry stands for, null for a harmless directory entry; refuses anything else. */
    private static String checkedName(TarArchiveEntry entry, Path archive) {
        String name = entry.getName();
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.matches("^[A-Za-z]:.*")
                || Path.of(name).isAbsolute()) {
            throw refuse(archive, "entry '" + name + "' has an absolute path");
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw refuse(archive, "entry '" + name + "' contains '..'");
            }
        }
        if (!VIRTUAL_ROOT.resolve(name).normalize().startsWith(VIRTUAL_ROOT)) {
            throw refuse(archive, "entry '" + name + "' resolves outside the identity directory");
        }
        // Links and devices first: commons-compress reports a symlink as isFile() too.
        if (entry.isSymbolicLink() || entry.isLink()) {
            throw refuse(archive, "entry '" + name + "' is a link (to '" + entry.getLinkName() + "')");
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            throw refuse(archive, "entry '" + name + "' is a device or FIFO");
        }
        String relative = name;
        while (relative.startsWith("./")) {
            relative = relative.substring(2);
        }
        if (relative.startsWith(IdentityStore.DIRECTORY + "/")) {
            // Accept `tar czf backup.tgz -C <data_dir> identity` made by hand as well.
            relative = relative.substring(IdentityStore.DIRECTORY.length() + 1);
        }
        if (entry.isDirectory()) {
            if (relative.isEmpty() || relative.equals(".")) {
                return null;
            }
            throw refuse(archive, "it has an unexpected directory '" + name + "'");
        }
        if (!entry.isFile()) {
            throw refuse(archive, "entry '" + name + "' is not a regular file");
        }
        if (!KNOWN.contains(relative)) {
            throw refuse(archive, "it has an unexpected entry '" + name + "' (expected only " + KNOWN + ")");
        }
        return relative;
    }

    private static BackupContents validate(Path archive, Map<String, byte[]> files) {
        byte[] keyPem = files.get(IdentityStore.KEY_FILE);
        if (keyPem == null) {
            throw refuse(archive, "it has no " + IdentityStore.KEY_FILE);
        }
        NodeIdentity identity;
        try {
            identity = IdentityStore.parseKey(keyPem);
        } catch (IdentityException e) {
            throw refuse(archive, "its " + IdentityStore.KEY_FILE + " is not a valid key (" + e.getMessage() + ")");
        }
        byte[] token = files.get(IdentityStore.API_TOKEN_FILE);
        if (token != null) {
            IdentityStore.parseApiToken(token, archive + "!" + IdentityStore.API_TOKEN_FILE);
        }
        byte[] manifest = files.get(MANIFEST);
        if (manifest != null) {
            String named = BackupManifest.nodeId(new String(manifest, StandardCharsets.UTF_8)).orElse(null);
            if (named != null && !named.equals(identity.nodeId())) {
                throw refuse(archive, "its MANIFEST names node " + named + " but node.key is node " + identity.nodeId());
            }
        }
        return new BackupContents(keyPem, Optional.ofNullable(token), identity);
    }

    private static IdentityException refuse(Path archive, String why) {
        return new IdentityException("refusing to restore " + archive + ": " + why + "; nothing was written");
    }
}
