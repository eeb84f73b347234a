package io.quarry.kernel.log;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps the most recent log lines of registered logger-name prefixes in memory, so the dashboard and fleet
 * control can show a plugin's logs without reading files. {@link LogSetup} attaches the one instance to the
 * root logger; a line is formatted only when some ring wants it, and the rings of a logger name are cached.
 */
public final class RecentLogs extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** Lines a ring keeps unless told otherwise. */
    public static final int DEFAULT_CAPACITY = 2000;

    /** The ring line format: the console's, with at most a few frames of a stack trace. */
    static final String PATTERN = LogSetup.TIME + " %-5level [%thread] %logger - %msg%ex{3}";

    private static final RecentLogs INSTANCE = new RecentLogs();
    private static final Handle[] NONE = new Handle[0];

    private final List<Handle> rings = new CopyOnWriteArrayList<>();
    private final Map<String, Handle[]> ringsByLogger = new ConcurrentHashMap<>();
    private volatile PatternLayout layout;

    private RecentLogs() {
        setName("recent-logs");
    }

    /** The appender {@link LogSetup} attaches to the root logger. */
    static RecentLogs appender() {
        return INSTANCE;
    }

    /** A ring of {@link #DEFAULT_CAPACITY} lines for the loggers under {@code prefix}. */
    public static Handle register(String prefix) {
        return register(prefix, DEFAULT_CAPACITY);
    }

    /**
     * A ring for the loggers named {@code prefix} or {@code prefix.*} ({@code io.quarry.randomx} takes
     * {@code io.quarry.randomx.stratum.Client}, not {@code io.quarry.randomxtra}); an empty prefix takes all.
     */
    public static Handle register(String prefix, int capacity) {
        Objects.requireNonNull(prefix, "prefix");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        Handle handle = new Handle(prefix, capacity);
        INSTANCE.rings.add(handle);
        INSTANCE.ringsByLogger.clear();
        return handle;
    }

    @Override
    public void start() {
        PatternLayout l = new PatternLayout();
        l.setContext(getContext());
        l.setPattern(PATTERN);
        l.start();
        layout = l;
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        Handle[] targets = ringsByLogger.computeIfAbsent(event.getLoggerName(), this::ringsFor);
        if (targets.length == 0) {
            return;
        }
        String line = layout.doLayout(event);
        for (Handle ring : targets) {
            ring.add(line);
        }
    }

    private Handle[] ringsFor(String loggerName) {
        List<Handle> matching = new ArrayList<>();
        for (Handle ring : rings) {
            if (ring.covers(loggerName)) {
                matching.add(ring);
            }
        }
        return matching.isEmpty() ? NONE : matching.toArray(Handle[]::new);
    }

    /** One registered ring: a bounded buffer of formatted lines, oldest overwritten first. */
    public static final class Handle implements AutoCloseable {

        private final String prefix;
        private final String[] lines;
        private int next;
        private int size;

        private Handle(String prefix, int capacity) {
            this.prefix = prefix;
            this.lines = new String[capacity];
        }

        /** The logger-name prefix this ring collects. */
        public String prefix() {
            return prefix;
        }

        /** The most recent lines, at most {@code max}, oldest first. */
        public synchronized List<String> lines(int max) {
            int count = Math.max(0, Math.min(max, size));
            List<String> out = new ArrayList<>(count);
            int start = next - count;
            for (int i = 0; i < count; i++) {
                out.add(lines[Math.floorMod(start + i, lines.length)]);
            }
            return out;
        }

        /** Stops collecting (when the plugin goes away); the lines collected so far stay readable. */
        @Override
        public void close() {
            INSTANCE.rings.remove(this);
            INSTANCE.ringsByLogger.clear();
        }

        boolean covers(String loggerName) {
            return prefix.isEmpty() || loggerName.equals(prefix)
                    || (loggerName.startsWith(prefix) && loggerName.charAt(prefix.length()) == '.');
        }

        synchronized void add(String line) {
            lines[next] = line;
            next = (next + 1) % lines.length;
            size = Math.min(size + 1, lines.length);
        }
    }
}
