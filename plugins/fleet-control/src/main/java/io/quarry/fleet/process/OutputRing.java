package io.quarry.fleet.process;

import java.util.ArrayDeque;
import java.util.List;

/** The most recent lines of a process's output, bounded in count and line length. Thread-safe. */
public final class OutputRing {

    /** Longer lines are cut here, so one runaway line cannot fill memory. */
    public static final int MAX_LINE_CHARS = 4096;

    private final int capacity;
    private final ArrayDeque<String> lines;

    public OutputRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** Adds a line, dropping the oldest when full. */
    public synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "..." : line);
    }

    /** The last {@code max} lines, oldest first. */
    public synchronized List<String> last(int max) {
        int skip = Math.max(0, lines.size() - Math.max(0, max));
        return lines.stream().skip(skip).toList();
    }
}
