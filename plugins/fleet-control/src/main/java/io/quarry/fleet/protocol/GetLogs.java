package io.quarry.fleet.protocol;

import java.util.Objects;

/**
 * The {@code get_logs} payload.
 *
 * @param miner the miner id on the worker
 * @param lines how many of the most recent lines, at most {@link #MAX_LINES}
 */
public record GetLogs(String miner, int lines) {

    /** The most lines one reply carries. */
    public static final int MAX_LINES = 1_000;

    public GetLogs {
        Objects.requireNonNull(miner, "miner");
        if (lines < 1 || lines > MAX_LINES) {
            throw new IllegalArgumentException("lines must be 1.." + MAX_LINES + ", was " + lines);
        }
    }
}
