package io.quarry.kernel.doctor;

import java.util.Optional;

/**
 * Whether the open-file limit ({@code ulimit -n}) covers the connections the configuration allows: every
 * connection is a file descriptor, and the node needs more for its database, logs and plugins.
 */
final class OpenFilesCheck {

    /** Descriptors the node uses besides connections: RocksDB files, logs, jars, epoll. */
    static final long HEADROOM = 512;

    private OpenFilesCheck() {
    }

    static Finding check(HostFiles host, long configuredConnections) {
        Optional<Long> soft = host.read("/proc/self/limits").flatMap(text -> text.lines()
                .filter(l -> l.startsWith("Max open files"))
                .map(l -> l.substring("Max open files".length()).trim().split("\\s+")[0])
                .filter(v -> v.chars().allMatch(Character::isDigit))
                .map(Long::parseLong)
                .findFirst());
        if (soft.isEmpty()) {
            return Finding.ok("open files", "unlimited or unknown");
        }
        long wanted = configuredConnections + HEADROOM;
        if (soft.get() >= wanted) {
            return Finding.ok("open files", "limit " + soft.get() + " covers " + configuredConnections
                    + " configured connections");
        }
        return Finding.warn("open files", "limit " + soft.get() + " is under the " + configuredConnections
                + " connections the configuration allows (+" + HEADROOM + " for the node itself); raise it to "
                + wanted + ": ulimit -n " + wanted + ", or LimitNOFILE=" + wanted + " in the systemd unit");
    }
}
