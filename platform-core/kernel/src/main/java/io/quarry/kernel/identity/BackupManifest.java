package io.quarry.kernel.identity;

import java.time.Instant;
import java.util.Optional;

/**
 * The MANIFEST text inside an identity backup: a format line, the node id and when the backup was made,
 * one {@code key: value} per line, so an operator can tell backups apart with {@code tar xzOf FILE MANIFEST}.
 */
final class BackupManifest {

    static final String FORMAT_LINE = "quarry-identity-backup: 1";
    private static final String NODE_ID = "node-id: ";

    private BackupManifest() {
    }

    static String write(String nodeId, Instant created) {
        return FORMAT_LINE + "\n" + NODE_ID + nodeId + "\ncreated: " + created + "\n";
    }

    /** The node id the manifest names, if it names one. */
    static Optional<String> nodeId(String manifest) {
        return manifest.lines()
                .filter(line -> line.startsWith(NODE_ID))
                .map(line -> line.substring(NODE_ID.length()).strip())
                .findFirst();
    }
}
