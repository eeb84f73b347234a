package io.quarry.randomx.cluster.wire;

import java.util.Objects;

/**
 * The master's answer to a {@link WorkResult}.
 *
 * @param accepted true when the hash checked out and the upstream accepted it (or had not answered in time)
 * @param reason empty when accepted ({@code forwarded} when the upstream had not answered yet), else a fixed tag:
 *     {@code bad_hash}, {@code low_difficulty}, {@code stale}, {@code duplicate}, {@code nonce_range},
 *     {@code not_member}, {@code busy} (the master's re-hash queue was full: nothing was checked, send it again),
 *     or the upstream's reject reason ({@code unreachable} when it could not be submitted)
 */
public record ResultVerdict(boolean accepted, String reason) {

    public ResultVerdict {
        Objects.requireNonNull(reason, "reason");
        if (reason.length() > 32) {
            throw new IllegalArgumentException("reason must be at most 32 characters");
        }
    }
}
